import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import { isBump } from '../../domain/bump.js';
import { approveRelease, changeBump, retryRelease, skipRelease, type DecisionOutcome } from '../../workflows/decide-release.js';
import type { ReleaseRunner } from '../../workflows/release-runner.js';
import { ACTIONS } from '../action-ids.js';
import { answerClick } from '../answer-click.js';
import { decisionOutcomeText } from '../blocks/outcome-text.js';
import type { ListenerDeps } from '../listener-deps.js';

/** The buttons and the bump menu of a release proposal. Each acks at once, then decides on the server. */
export function register(app: App, deps: ListenerDeps, runner: ReleaseRunner): void {
  const answer = (body: BlockAction, action: string, decide: () => Promise<DecisionOutcome>) =>
    answerClick(deps, body, { action, decide, refusal: (o) => decisionOutcomeText(o, action) });

  app.action<BlockAction<ButtonAction>>(ACTIONS.approveRelease, async ({ ack, body, action }) => {
    await ack();
    await answer(body, 'approve a release', () => approveRelease(deps, runner, { releaseId: Number(action.value), userId: body.user.id }));
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.skipRelease, async ({ ack, body, action }) => {
    await ack();
    await answer(body, 'skip a release', () => skipRelease(deps, { releaseId: Number(action.value), userId: body.user.id }));
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.retryRelease, async ({ ack, body, action }) => {
    await ack();
    await answer(body, 'retry a release', () => retryRelease(deps, runner, { releaseId: Number(action.value), userId: body.user.id }));
  });

  app.action<BlockAction<StaticSelectAction>>(ACTIONS.changeBump, async ({ ack, body, action }) => {
    await ack();
    const [id, bump] = action.selected_option.value.split(':');
    if (!bump || !isBump(bump)) return;
    await answer(body, 'change the bump', () => changeBump(deps, { releaseId: Number(id), userId: body.user.id, bump }));
  });
}

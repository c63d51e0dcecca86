import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import { isBump } from '../../domain/bump.js';
import type { ListenerDeps } from '../listener-deps.js';
import { approveRelease, changeBump, retryRelease, skipRelease, type DecisionOutcome } from '../../workflows/decide-release.js';
import type { ReleaseRunner } from '../../workflows/release-runner.js';
import { ACTIONS } from '../action-ids.js';
import { decisionOutcomeText } from '../blocks/outcome-text.js';

/** The buttons and the bump menu of a release proposal. Each acks at once, then decides on the server. */
export function register(app: App, deps: ListenerDeps, runner: ReleaseRunner): void {
  const answer = async (body: BlockAction, outcome: DecisionOutcome, action: string) => {
    if (outcome.kind === 'done') return;
    const channel = body.channel?.id ?? body.container?.channel_id;
    if (channel) await deps.slack.postEphemeral(channel, body.user.id, { text: decisionOutcomeText(outcome, action) });
  };

  app.action<BlockAction<ButtonAction>>(ACTIONS.approveRelease, async ({ ack, body, action }) => {
    await ack();
    const releaseId = Number(action.value);
    await answer(body, await approveRelease(deps, runner, { releaseId, userId: body.user.id }), 'approve a release');
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.skipRelease, async ({ ack, body, action }) => {
    await ack();
    await answer(body, await skipRelease(deps, { releaseId: Number(action.value), userId: body.user.id }), 'skip a release');
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.retryRelease, async ({ ack, body, action }) => {
    await ack();
    await answer(body, await retryRelease(deps, runner, { releaseId: Number(action.value), userId: body.user.id }), 'retry a release');
  });

  app.action<BlockAction<StaticSelectAction>>(ACTIONS.changeBump, async ({ ack, body, action }) => {
    await ack();
    const [id, bump] = action.selected_option.value.split(':');
    if (!bump || !isBump(bump)) return;
    await answer(body, await changeBump(deps, { releaseId: Number(id), userId: body.user.id, bump }), 'change the bump');
  });
}

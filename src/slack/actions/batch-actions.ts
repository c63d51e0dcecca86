import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import type { ListenerDeps } from '../listener-deps.js';
import type { BatchRunner } from '../../workflows/batch-runner.js';
import { approveBatch, cancelBatch, changeMember, retryFailed, type BatchDecision } from '../../workflows/decide-batch.js';
import { ACTIONS } from '../action-ids.js';
import { batchDecisionText } from '../blocks/outcome-text.js';

/** The release-train card: Approve all, Cancel, Retry failed, a connector's menu, and paging. */
export function register(app: App, deps: ListenerDeps, runner: BatchRunner): void {
  const answer = async (body: BlockAction, outcome: BatchDecision, action: string) => {
    if (outcome.kind === 'done') return;
    const channel = body.channel?.id ?? body.container?.channel_id;
    if (channel) await deps.slack.postEphemeral(channel, body.user.id, { text: batchDecisionText(outcome, action) });
  };
  const button = (actionId: string, action: string, use: (batchId: number, userId: string) => Promise<BatchDecision>) =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action: a }) => {
      await ack();
      await answer(body, await use(Number(a.value), body.user.id), action);
    });
  button(ACTIONS.approveBatch, 'approve a release train', (batchId, userId) => approveBatch(deps, runner, { batchId, userId }));
  button(ACTIONS.cancelBatch, 'cancel a release train', (batchId, userId) => cancelBatch(deps, runner, { batchId, userId }));
  button(ACTIONS.retryBatch, 'retry failed connectors', (batchId, userId) => retryFailed(deps, runner, { batchId, userId }));

  for (const pageAction of [ACTIONS.batchPagePrev, ACTIONS.batchPageNext]) {
    app.action<BlockAction<ButtonAction>>(pageAction, async ({ ack, action }) => {
      await ack();
      const [batchId, page] = action.value!.split(':').map(Number);
      await runner.showPage(batchId!, page!);
    });
  }

  app.action<BlockAction<StaticSelectAction>>(new RegExp(`^${ACTIONS.batchMemberPrefix}\\d+$`), async ({ ack, body, action }) => {
    await ack();
    const [releaseId, choice] = action.selected_option.value.split(':');
    await answer(body, await changeMember(deps, runner, { userId: body.user.id, releaseId: Number(releaseId), choice: choice ?? '' }), 'change a connector of a release train');
  });
}

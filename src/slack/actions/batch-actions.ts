import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import type { BatchRunner } from '../../workflows/batch-runner.js';
import { approveBatch, cancelBatch, changeMember, retryFailed, type BatchDecision } from '../../workflows/decide-batch.js';
import { ACTIONS } from '../action-ids.js';
import { answerClick } from '../answer-click.js';
import { batchDecisionText } from '../blocks/outcome-text.js';
import type { ListenerDeps } from '../listener-deps.js';

/** The release-train card: Approve all, Cancel, Retry failed, a connector's menu, and paging. */
export function register(app: App, deps: ListenerDeps, runner: BatchRunner): void {
  const answer = (body: BlockAction, action: string, decide: () => Promise<BatchDecision>) =>
    answerClick(deps, body, { action, decide, refusal: (o) => batchDecisionText(o, action) });
  const button = (actionId: string, action: string, use: (batchId: number, userId: string) => Promise<BatchDecision>) =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action: a }) => {
      await ack();
      await answer(body, action, () => use(Number(a.value), body.user.id));
    });
  button(ACTIONS.approveBatch, 'approve a release train', (batchId, userId) => approveBatch(deps, runner, { batchId, userId }));
  button(ACTIONS.cancelBatch, 'cancel a release train', (batchId, userId) => cancelBatch(deps, runner, { batchId, userId }));
  button(ACTIONS.retryBatch, 'retry failed connectors', (batchId, userId) => retryFailed(deps, runner, { batchId, userId }));

  for (const pageAction of [ACTIONS.batchPagePrev, ACTIONS.batchPageNext]) {
    app.action<BlockAction<ButtonAction>>(pageAction, async ({ ack, body, action }) => {
      await ack();
      const [batchId, page] = (action.value ?? '').split(':').map(Number);
      // The value is the card's own (`<train>:<page>`), now kept on the train's row: only whole, non-negative numbers.
      if (!Number.isSafeInteger(batchId) || !Number.isSafeInteger(page) || page! < 0 || page! > 10_000) return;
      await answerClick(deps, body, {
        action: 'turn a page of a release train',
        decide: async () => {
          await runner.showPage(batchId, page);
          return { kind: 'done' as const };
        },
        refusal: () => '',
      });
    });
  }

  app.action<BlockAction<StaticSelectAction>>(new RegExp(`^${ACTIONS.batchMemberPrefix}\\d+$`), async ({ ack, body, action }) => {
    await ack();
    const [releaseId, choice] = action.selected_option.value.split(':');
    await answer(body, 'change a connector of a release train', () =>
      changeMember(deps, runner, { userId: body.user.id, releaseId: Number(releaseId), choice: choice ?? '' }),
    );
  });
}

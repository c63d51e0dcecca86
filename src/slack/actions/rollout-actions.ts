import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { startRolloutByClick } from '../../workflows/decide-rollout.js';
import type { RolloutRunner } from '../../workflows/rollout-runner.js';
import { ACTIONS } from '../action-ids.js';
import { answerClick } from '../answer-click.js';
import { rolloutDecisionText } from '../blocks/rollout-replies.js';
import type { ListenerDeps } from '../listener-deps.js';

/** **Deploy** and **Retry** on a rollout. Each acks at once, then decides on the server. */
export function register(app: App, deps: ListenerDeps, runner: RolloutRunner): void {
  for (const [actionId, action] of [
    [ACTIONS.deployRollout, 'deploy'],
    [ACTIONS.retryRollout, 'retry'],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action: button }) => {
      await ack();
      await answerClick(deps, body, {
        action: `${action} a rollout`,
        decide: () => startRolloutByClick(deps, runner, { rolloutId: Number(button.value), userId: body.user.id, action }),
        refusal: rolloutDecisionText,
      });
    });
  }
}

import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { ListenerDeps } from '../listener-deps.js';
import { startRolloutByClick } from '../../workflows/decide-rollout.js';
import type { RolloutRunner } from '../../workflows/rollout-runner.js';
import { ACTIONS } from '../action-ids.js';
import { rolloutDecisionText } from '../blocks/rollout-replies.js';

/** **Deploy** and **Retry** on a rollout. Each acks at once, then decides on the server. */
export function register(app: App, deps: ListenerDeps, runner: RolloutRunner): void {
  for (const [actionId, action] of [[ACTIONS.deployRollout, 'deploy'], [ACTIONS.retryRollout, 'retry']] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action: button }) => {
      await ack();
      const outcome = await startRolloutByClick(deps, runner, { rolloutId: Number(button.value), userId: body.user.id, action });
      if (outcome.kind === 'done') return;
      const channel = body.channel?.id ?? body.container?.channel_id;
      if (channel) await deps.slack.postEphemeral(channel, body.user.id, { text: rolloutDecisionText(outcome) });
    });
  }
}

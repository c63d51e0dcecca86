import type { App } from '@slack/bolt';
import { DEPLOY_USAGE, parseDeployCommand } from '../../domain/parse-deploy-command.js';
import { errorText } from '../error-text.js';
import type { ListenerDeps } from '../listener-deps.js';
import { runDeployCommand } from '../../workflows/deploy-command.js';
import type { RolloutRunner } from '../../workflows/rollout-runner.js';
import { deployCommandText } from '../blocks/rollout-replies.js';

/** `/deploy <connector> <version> | rollback | unpin`, `/deploy help`. Every answer is seen only by the caller. */
export function register(app: App, deps: ListenerDeps, runner: RolloutRunner): void {
  app.command('/deploy', async ({ command, ack, respond }) => {
    const parsed = parseDeployCommand(command.text ?? '', { org: deps.config.github.org, connectorPrefix: deps.config.policy.connectors.prefix });
    if (!parsed.ok) {
      await ack({ response_type: 'ephemeral', text: `${parsed.error}\n\n${DEPLOY_USAGE}` });
      return;
    }
    const cmd = parsed.value;
    if (cmd.kind === 'help') {
      await ack({ response_type: 'ephemeral', text: DEPLOY_USAGE });
      return;
    }
    await ack();
    try {
      const outcome = await runDeployCommand(deps, runner, cmd, command.user_id);
      await respond({ response_type: 'ephemeral', text: deployCommandText(outcome) });
    } catch (error) {
      deps.logger.error({ err: error, command: '/deploy', connectorId: cmd.connectorId, user: command.user_id }, '/deploy failed');
      await respond({ response_type: 'ephemeral', text: errorText(error, `${cmd.kind} ${cmd.connectorId}`) });
    }
  });
}

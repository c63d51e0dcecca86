import type { App } from '@slack/bolt';
import { CONNECTORS_USAGE, parseConnectorsCommand } from '../../domain/parse-connectors-command.js';
import { nothingToReleaseText } from '../blocks/outcome-text.js';
import { batchCard } from '../blocks/batch-card.js';
import { errorText } from '../error-text.js';
import type { ListenerDeps } from '../listener-deps.js';
import { proposeBatch } from '../../workflows/propose-batch.js';
import { answerStatus } from './answer-status.js';

/** `/connectors batch [patch|minor|major] [--dry-run]`, `/connectors status [--private]`, `/connectors help`. */
export function register(app: App, deps: ListenerDeps): void {
  app.command('/connectors', async ({ command, ack, respond }) => {
    const parsed = parseConnectorsCommand(command.text ?? '');
    if (!parsed.ok) return void (await ack({ response_type: 'ephemeral', text: `${parsed.error}\n\n${CONNECTORS_USAGE}` }));
    if (parsed.value.kind === 'help') return void (await ack({ response_type: 'ephemeral', text: CONNECTORS_USAGE }));
    if (parsed.value.kind === 'status') return answerStatus(deps, parsed.value.private, { ack, respond }, command.user_id);
    const batch = parsed.value;
    await ack({ response_type: 'ephemeral', text: 'Looking at every connector…' });
    try {
      const outcome = await proposeBatch(deps, {
        forcedBump: batch.bump,
        dryRun: batch.dryRun,
        channel: command.channel_id,
        trigger: 'command',
        requestedBy: command.user_id,
      });
      if (outcome.kind === 'dry-run') await respond({ response_type: 'ephemeral', ...batchCard(outcome.view) });
      else if (outcome.kind === 'nothing') await respond({ response_type: 'ephemeral', text: nothingToReleaseText(outcome.leftOut) });
    } catch (error) {
      deps.logger.error({ err: error, command: '/connectors' }, '/connectors batch failed');
      await respond({ response_type: 'ephemeral', text: errorText(error, 'propose a release train') });
    }
  });
}

import type { RespondArguments } from '@slack/bolt';
import { RELEASE_USAGE } from '../../domain/parse-release-command.js';
import type { StatsCommand } from '../../domain/parse-stats-command.js';
import { escapeMrkdwn } from '../../domain/escape-mrkdwn.js';
import { releaseStats } from '../../workflows/release-stats.js';
import { noStatsText, statsMessage } from '../blocks/stats-message.js';
import { errorText } from '../error-text.js';
import type { ListenerDeps } from '../listener-deps.js';

/**
 * `/release stats`: answered in the ack (the store answers in milliseconds), in the channel unless
 * `--private`; an unknown repository gets the usage, privately.
 */
export async function answerStats(deps: ListenerDeps, cmd: StatsCommand, ack: (a: RespondArguments) => Promise<void>, user: string): Promise<void> {
  try {
    const outcome = await releaseStats(deps, cmd, new Date());
    if (outcome.kind === 'unknown-repo') {
      return void (await ack({
        response_type: 'ephemeral',
        text: `*${escapeMrkdwn(outcome.repo)}* is not a repository of ${deps.config.github.org}.\n\n${RELEASE_USAGE}`,
      }));
    }
    if (outcome.kind === 'nothing') return void (await ack({ response_type: 'ephemeral', text: noStatsText(outcome.scope) }));
    await ack({ response_type: cmd.private ? 'ephemeral' : 'in_channel', ...statsMessage(outcome.stats) });
  } catch (error) {
    deps.logger.error({ err: error, command: '/release stats', user }, '/release stats failed');
    await ack({ response_type: 'ephemeral', text: errorText(error, 'read the stats') });
  }
}

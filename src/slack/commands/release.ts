import type { App } from '@slack/bolt';
import { parseReleaseCommand, RELEASE_USAGE } from '../../domain/parse-release-command.js';
import { escapeMrkdwn } from '../../domain/escape-mrkdwn.js';
import { errorText } from '../error-text.js';
import type { ListenerDeps } from '../listener-deps.js';
import { proposeRelease } from '../../workflows/propose-release.js';
import { historyMessage } from '../blocks/release-replies.js';
import { releaseMessage } from '../blocks/release-message.js';
import { releaseHistory } from '../../workflows/release-history.js';
import { proposalOutcomeText } from '../blocks/outcome-text.js';
import { answerStats } from './answer-stats.js';
import { answerFreeze } from './answer-freeze.js';

/** `/release <repo> [bump] [--pre id] [--draft] [--dry-run]`, `/release history <repo>`, `/release stats`, `/release freeze|unfreeze`, `/release help`. */
export function register(app: App, deps: ListenerDeps, o: { onFreezeChange: () => void } = { onFreezeChange: () => {} }): void {
  app.command('/release', async ({ command, ack, respond }) => {
    const parsed = parseReleaseCommand(command.text ?? '', deps.config.github.org);
    if (!parsed.ok) {
      await ack({ response_type: 'ephemeral', text: `${parsed.error}\n\n${RELEASE_USAGE}` });
      return;
    }
    const cmd = parsed.value;
    if (cmd.kind === 'help') {
      await ack({ response_type: 'ephemeral', text: RELEASE_USAGE });
      return;
    }
    if (cmd.kind === 'stats') return answerStats(deps, cmd, ack, command.user_id);
    if (cmd.kind === 'freeze' || cmd.kind === 'unfreeze') return answerFreeze(deps, cmd, ack, command.user_id, o.onFreezeChange);
    if (cmd.kind === 'history') {
      await ack({ response_type: 'ephemeral', ...historyMessage(cmd.repo, await releaseHistory(deps, cmd.repo)) });
      return;
    }
    await ack({ response_type: 'ephemeral', text: `Looking at *${escapeMrkdwn(cmd.repo)}*…` });
    const log = deps.logger.child({ command: '/release', repo: cmd.repo, user: command.user_id });
    try {
      const outcome = await proposeRelease(deps, {
        repo: cmd.repo,
        bump: cmd.bump,
        pre: cmd.pre,
        draft: cmd.draft,
        dryRun: cmd.dryRun,
        channel: command.channel_id,
        trigger: 'command',
        requestedBy: command.user_id,
        ...(cmd.branch ? { branch: cmd.branch } : {}),
      });
      if (outcome.kind === 'dry-run') await respond({ response_type: 'ephemeral', ...releaseMessage(outcome.preview, { dryRun: true }) });
      else if (outcome.kind !== 'proposed') await respond({ response_type: 'ephemeral', text: proposalOutcomeText(cmd.repo, outcome, deps.config.github.org) });
    } catch (error) {
      log.error({ err: error }, '/release failed');
      await respond({ response_type: 'ephemeral', text: errorText(error, `propose a release of ${cmd.repo}`) });
    }
  });
}

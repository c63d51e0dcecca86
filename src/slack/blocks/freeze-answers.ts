import { escapeMrkdwn } from '../../domain/escape-mrkdwn.js';
import type { FreezeCommandOutcome } from '../../workflows/freeze-command.js';
import type { ReleaseAnywayOutcome } from '../../workflows/release-anyway.js';

const scopeName = (scope: string) => (scope === 'all' ? 'all repositories' : `*${escapeMrkdwn(scope)}*`);

/** `/release freeze` and `/release unfreeze`, answered to the person who typed it. */
export function freezeCommandText(o: FreezeCommandOutcome): string {
  switch (o.kind) {
    case 'frozen':
      return `:snowflake: Froze ${scopeName(o.freeze.scope)}: ${escapeMrkdwn(o.freeze.reason)}. The release channel is told; \`/release unfreeze ${escapeMrkdwn(o.freeze.scope)}\` lifts it.`;
    case 'already':
      return `${scopeName(o.freeze.scope)} is frozen already, by <@${o.freeze.by}> since ${o.freeze.at.slice(0, 16).replace('T', ' ')} UTC: ${escapeMrkdwn(o.freeze.reason)}. Nothing changed.`;
    case 'unfrozen':
      return `:sunny: Lifted the freeze of ${o.lifted.map((f) => scopeName(f.scope)).join(', ')}. What waited goes on.`;
    case 'not-frozen':
      return o.frozenByAll
        ? `${scopeName(o.scope)} has no freeze of its own: the freeze of all repositories holds it (\`/release unfreeze all\`). Nothing changed.`
        : `${scopeName(o.scope)} has no ad hoc freeze to lift (a scheduled \`freeze:\` of release-bot.yml ends by itself). Nothing changed.`;
    case 'not-allowed':
      return ':no_entry: Only release approvers may freeze or unfreeze releases. Nothing changed.';
    case 'unknown-repo':
      return `There is no repository *${escapeMrkdwn(o.repo)}* to freeze. Give a repository of the organisation, or \`all\` (\`/release freeze all incident 42\`, or the reason in quotes: \`/release freeze "incident 42"\`). Nothing changed.`;
  }
}

/** Release anyway, when it did not go. */
export function releaseAnywayText(o: Exclude<ReleaseAnywayOutcome, { kind: 'done' | 'may' }>): string {
  switch (o.kind) {
    case 'not-allowed':
      return ':no_entry: Only the people of `breakGlass` in release-bot.yml may release anyway. The attempt is recorded. Nothing changed.';
    case 'unknown':
      return 'This release no longer exists.';
    case 'nothing-to-bypass':
      return `Nothing holds \`${escapeMrkdwn(o.release.tag)}\` any more: no freeze and no red or pending checks to release it past. Nothing changed.`;
    case 'not-open':
      return `Release \`${escapeMrkdwn(o.release.tag)}\` is ${o.release.status}: there is nothing to release anyway. Nothing changed.`;
  }
}

import type { Gate } from '../../domain/bypass.js';
import { escapeMrkdwn } from '../../domain/escape-mrkdwn.js';
import type { Freeze } from '../../domain/freeze-window.js';
import { truncate } from '../../domain/truncate.js';
import type { FreezeNoticeView } from '../../workflows/ports/narrator.js';
import type { SlackMessage } from '../slack-port.js';
import { code, section } from './mrkdwn.js';

/** A date every reader sees in their own time zone, the ISO instant as the fallback: https://docs.slack.dev/messaging/formatting-message-text#date-formatting */
export const slackDate = (iso: string) => `<!date^${Math.floor(Date.parse(iso) / 1000)}^{date_short_pretty} {time}|${iso.replace(/\.000Z$/, 'Z')}>`;

const reason = (f: Freeze) => escapeMrkdwn(truncate(f.reason, 300));
const until = (f: Freeze) => (f.until ? `until ${slackDate(f.until)}` : 'until `/release unfreeze`');
const scope = (f: Freeze) => (f.scope === 'all' ? 'all repositories' : `*${escapeMrkdwn(f.scope)}*`);

/** `frozen: incident 42 (until /release unfreeze)`, as a proposal and a held release say it. */
export function frozenLine(f: Freeze): string {
  return `:snowflake: frozen: ${reason(f)} (${until(f)})`;
}

export const GATE_WORDS: Record<Gate, string> = { freeze: 'the freeze', checks: 'the checks' };
export const gateList = (what: readonly Gate[]) => what.map((g) => GATE_WORDS[g]).join(' and ');

/** In the release channel: a freeze started or ended. */
export function freezeNoticeMessage(v: FreezeNoticeView): SlackMessage {
  const f = v.freeze;
  const text =
    v.event === 'started'
      ? `:snowflake: Releases of ${scope(f)} are frozen: ${reason(f)} (${until(f)}). Proposals are still made; approved releases, rollouts and release trains wait.${f.by ? ` Frozen by <@${f.by}>.` : ''}`
      : `:sunny: The freeze of ${scope(f)} is over (${reason(f)})${v.by ? `, lifted by <@${v.by}>` : ''}: what waited goes on.`;
  return { text, blocks: [section(text)] };
}

/** Thread replies about a freeze and break-glass. */
export const freezeReplies = {
  held: (f: Freeze) =>
    plainText(
      `:snowflake: Approved, and held by the freeze: ${reason(f)} (${until(f)}). It goes on by itself when the freeze ends; someone of \`breakGlass\` can click *Release anyway*.`,
    ),
  bypassed: (by: string, why: string, what: readonly Gate[]) =>
    plainText(`:rotating_light: <@${by}> released this anyway, past ${gateList(what)}: ${escapeMrkdwn(truncate(why, 1000))}`),
  rolloutFrozen: (image: string, f: Freeze) =>
    plainText(`:snowflake: Image ${code(image)} recorded and held by the freeze: ${reason(f)} (${until(f)}). It rolls out when the freeze ends.`),
  trainHeld: (f: Freeze) => plainText(`:snowflake: Approved, and held by the freeze: ${reason(f)} (${until(f)}). The train leaves when the freeze ends.`),
};

function plainText(text: string): SlackMessage {
  return { text, blocks: [section(text)] };
}

import type { DigestView } from '../../domain/digest-view.js';
import type { SlackMessage } from '../slack-port.js';
import { driftLine, driftSummary } from './drift-message.js';
import { header, section } from './mrkdwn.js';
import { noStatsText, statsMessage } from './stats-message.js';

/** The weekly digest: the stats message, then the drift summary and the farthest connectors. */
export function digestMessage(v: DigestView): SlackMessage {
  const stats = v.stats ? statsMessage(v.stats) : { text: noStatsText(v.scope), blocks: [section(noStatsText(v.scope))] };
  const drift = [driftSummary(v.drift), ...v.top.map(driftLine)].join('\n');
  const more = v.drift.drifting.length > v.top.length ? `\n…and ${v.drift.drifting.length - v.top.length} more: \`/connectors status\`` : '';
  return {
    text: `Weekly digest ${v.week}: ${stats.text}; ${driftSummary(v.drift).replace(/\*/g, '')}`,
    blocks: [header(`Weekly digest, ${v.week}`), ...(stats.blocks ?? []).filter((b) => b.type !== 'header'), section(`${drift}${more}`)],
  };
}

import type { KnownBlock } from '@slack/types';
import type { ConnectorDrift, DriftReport } from '../../domain/connector-drift.js';
import type { SlackMessage } from '../slack-port.js';
import { code, context, header, LIMITS, link, section } from './mrkdwn.js';

/** Connectors per message: 500 drifting connectors are 5 messages, within the 5 answers a slash command's response_url takes. */
export const DRIFT_PAGE_SIZE = 100;
/** a section's text stays under Slack's 3,000 characters: lines are grouped, never cut */
const SECTION_CHARS = LIMITS.sectionText - 100;

const day = (iso: string) => iso.slice(0, 10);

export function driftLine(d: ConnectorDrift): string {
  const parts = [`• ${link(d.htmlUrl, d.connectorId)} ${d.latestTag ? code(d.latestTag) : 'no tag'}`];
  if (d.production) parts.push(`${d.tagNotDeployed ? ':warning: production' : 'production'} ${code(d.production.version)} since ${day(d.production.at)}`);
  else if (d.tagNotDeployed) parts.push(':warning: nothing in production');
  if (d.ahead && d.ahead.count > 0)
    parts.push(`${d.ahead.atLeast ? 'over ' : ''}${d.ahead.count} commit${d.ahead.count === 1 ? '' : 's'} on main since the tag`);
  if (d.pin)
    parts.push(
      `:pushpin: pinned ${d.pinnedDays ?? 0} d (since ${day(d.pin.pinnedAt)}) by ${d.pin.pinnedBy.startsWith('U') ? `<@${d.pin.pinnedBy}>` : d.pin.pinnedBy}`,
    );
  if (d.lastRollout && d.lastRollout.status !== 'deployed') parts.push(`last rollout ${code(d.lastRollout.version)} ${d.lastRollout.status.replace('_', ' ')}`);
  return parts.join(' · ');
}

/** The summary line: counts, for the digest and the first page. */
export function driftSummary(r: DriftReport): string {
  if (r.total === 0) return 'No connectors found in the organisation.';
  return `*${r.drifting.length}* of ${r.total} connector${r.total === 1 ? '' : 's'} drift; ${r.inSync} in sync (tag in production, main at the tag, not pinned).`;
}

/**
 * `/connectors status`: the drifting connectors, farthest first, in as many messages as it takes
 * (each within Slack's 50 blocks and 3,000 characters a section), `maxPages` at most.
 */
export function driftMessages(r: DriftReport, maxPages = 5): SlackMessage[] {
  const pages: SlackMessage[] = [];
  const count = Math.min(maxPages, Math.max(1, Math.ceil(r.drifting.length / DRIFT_PAGE_SIZE)));
  const unshown = r.drifting.length - count * DRIFT_PAGE_SIZE;
  for (let p = 0; p < count; p++) {
    const rows = r.drifting.slice(p * DRIFT_PAGE_SIZE, (p + 1) * DRIFT_PAGE_SIZE);
    const blocks: KnownBlock[] = [];
    if (p === 0) blocks.push(header('Connector drift'), section(driftSummary(r)));
    blocks.push(...linesToSections(rows.map(driftLine)));
    const rest = p === count - 1 && unshown > 0 ? ` ${unshown} more drift, not shown (Slack takes ${maxPages} answers to a command).` : '';
    if (count > 1)
      blocks.push(
        context(
          `Page ${p + 1} of ${count}: connectors ${p * DRIFT_PAGE_SIZE + 1}–${p * DRIFT_PAGE_SIZE + rows.length} of ${r.drifting.length} drifting.${rest}`,
        ),
      );
    pages.push({ text: p === 0 ? driftSummary(r).replace(/\*/g, '') : `Connector drift, page ${p + 1} of ${count}`, blocks });
  }
  return pages;
}

function linesToSections(lines: readonly string[]): KnownBlock[] {
  const sections: KnownBlock[] = [];
  let current = '';
  for (const line of lines) {
    if (current !== '' && current.length + 1 + line.length > SECTION_CHARS) {
      sections.push(section(current));
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') sections.push(section(current));
  return sections;
}

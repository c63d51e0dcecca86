import type { DeliveryStats, PeriodFigures, Spread, Trend } from '../../domain/delivery-stats.js';
import type { DoraBand } from '../../domain/dora-band.js';
import type { StatsScope } from '../../domain/insight-history.js';
import { escapeMrkdwn } from '../../domain/escape-mrkdwn.js';
import type { SlackMessage } from '../slack-port.js';
import { durationText } from './duration-text.js';
import { context, header, section } from './mrkdwn.js';

const BAND: Record<DoraBand, string> = {
  elite: ':large_green_circle: elite',
  high: ':large_blue_circle: high',
  medium: ':large_yellow_circle: medium',
  low: ':red_circle: low',
};

const day = (iso: string) => iso.slice(0, 10);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const rate = (n: number) => `${n.toFixed(n < 10 ? 1 : 0).replace(/\.0$/, '')}`;
const pct = (r: number) => `${Math.round(r * 100)}%`;
const band = (b: DoraBand | null) => (b ? ` · ${BAND[b]}` : '');
const trend = (t: Trend, before: string) => (t === null ? '' : ` · ${t === '=' ? '= as' : t} (${before} before)`);

export function scopeText(scope: StatsScope): string {
  return scope.kind === 'all' ? 'every repository' : scope.kind === 'connectors' ? 'the connectors' : `*${escapeMrkdwn(scope.repo)}*`;
}

/** `/release stats` and the digest: the DORA figures, each with its band and the previous period's value. */
export function statsMessage(s: DeliveryStats): SlackMessage {
  const c = s.current;
  const p = s.previous;
  const spreadText = (x: Spread | null) => (x ? `median ${durationText(x.median)}, p90 ${durationText(x.p90)} (${x.count})` : 'nothing to measure');
  const prevLead = p.leadToRollout ?? p.leadToRelease;
  const lines = [
    `*Deployment frequency*: ${rate(c.releasesPerWeek)} releases and ${rate(c.rolloutsPerWeek)} rollouts a week (${c.releases} and ${c.rollouts})${band(s.bands.frequency)}${trend(s.trends.frequency, `${rate(Math.max(p.releasesPerWeek, p.rolloutsPerWeek))} a week`)}`,
    `*Lead time for changes*: to the release ${spreadText(c.leadToRelease)}; to production ${spreadText(c.leadToRollout)}${band(s.bands.leadTime)}${trend(s.trends.leadTime, prevLead ? durationText(prevLead.median) : '')}`,
    `*Change failure rate*: ${c.changeFailure ? `${pct(c.changeFailure.rate)} (${c.changeFailure.failures} of ${c.changeFailure.rollouts} rollouts rolled back or failed)` : 'no rollouts'}${band(s.bands.changeFailure)}${trend(s.trends.changeFailure, p.changeFailure ? pct(p.changeFailure.rate) : '')}`,
    `*Time to restore*: ${restoreText(c)}${band(s.bands.restore)}${trend(s.trends.restore, p.timeToRestore ? durationText(p.timeToRestore.median) : '')}`,
    `*Approval wait*: ${c.approvalWait ? `median ${durationText(c.approvalWait.median)} (${c.approvalWait.count})` : 'no approvals'} · no DORA band${trend(s.trends.approvalWait, p.approvalWait ? durationText(p.approvalWait.median) : '')}`,
  ];
  const notes = [
    `From the bot's own records since ${day(s.firstRecordAt)}: exact for what the bot did, blind to what it did not. Bands: DORA State of DevOps 2023. ↑/↓ against the ${s.days} days before.`,
    `Lead time starts at the oldest commit's committer date${c.leadFromProposal > 0 ? `; ${c.leadFromProposal} release${c.leadFromProposal === 1 ? ' was' : 's were'} recorded without commit dates and count from the proposal` : ''}.`,
  ];
  const title = `Delivery stats: ${s.days} days to ${day(s.to)}`;
  return {
    text: `${title}, ${scopeText(s.scope).replace(/\*/g, '')}: ${plural(c.releases, 'release')}, ${plural(c.rollouts, 'rollout')}`,
    blocks: [header(title), section(`${scopeText(s.scope)}, ${day(s.from)} → ${day(s.to)}\n\n${lines.join('\n')}`), context(...notes)],
  };
}

function restoreText(c: PeriodFigures): string {
  const open = c.unrestored > 0 ? `; ${c.unrestored} not restored yet` : '';
  if (!c.timeToRestore) return c.unrestored > 0 ? `no deployment since ${c.unrestored} failure${c.unrestored === 1 ? '' : 's'}` : 'no failures';
  return `median ${durationText(c.timeToRestore.median)} (${c.timeToRestore.count})${open}`;
}

/** No record in scope: said plainly, not as zeros that look like facts. */
export function noStatsText(scope: StatsScope): string {
  return `Nothing released by the bot yet for ${scopeText(scope)}: the stats count only what the bot itself proposed, released and rolled out.`;
}

import { failureRateBand, frequencyBand, leadTimeBand, restoreBand, type DoraBand } from './dora-band.js';
import { inScope, reachedProduction, type InsightHistory, type ReleaseFact, type RolloutFact, type StatsScope } from './insight-history.js';
import { median, percentile } from './percentile.js';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

export interface Spread {
  /** milliseconds */
  median: number;
  p90: number;
  count: number;
}

/** The figures of one period. Each is null when the period has nothing to measure it by. */
export interface PeriodFigures {
  releases: number;
  rollouts: number;
  releasesPerWeek: number;
  rolloutsPerWeek: number;
  /** from the oldest recorded commit of a release to its GitHub release */
  leadToRelease: Spread | null;
  /** the same, to its first rollout in production */
  leadToRollout: Spread | null;
  /** releases whose commits carried no recorded date: measured from the proposal instead */
  leadFromProposal: number;
  /** rollbacks and failed rollouts ÷ rollouts (rollbacks themselves not counted as rollouts) */
  changeFailure: { failures: number; rollouts: number; rate: number } | null;
  /** from a failed rollout (its end) or a rollback (its start) to the next rollout of that connector in production */
  timeToRestore: { median: number; count: number } | null;
  /** failures with no later deployment yet: not in `timeToRestore` */
  unrestored: number;
  /** proposal → approval */
  approvalWait: { median: number; count: number } | null;
}

export type Trend = '↑' | '↓' | '=' | null;

export interface DeliveryStats {
  scope: StatsScope;
  days: number;
  /** the period: [from, to) */
  from: string;
  to: string;
  /** the oldest record in scope: the figures are exact from there on */
  firstRecordAt: string;
  current: PeriodFigures;
  previous: PeriodFigures;
  bands: { frequency: DoraBand; leadTime: DoraBand | null; changeFailure: DoraBand | null; restore: DoraBand | null };
  /** current against the previous period of the same length */
  trends: { frequency: Trend; leadTime: Trend; changeFailure: Trend; restore: Trend; approvalWait: Trend };
}

/**
 * The DORA figures of the `days` before `now`, from the bot's own records, and those of the period
 * before for comparison. Null when the bot recorded nothing in scope (no zeros that look like facts).
 * Deployment frequency is banded on the busier of releases and rollouts per week: for a connector
 * the rollout is the deployment, for another repository the release is.
 */
export function deliveryStats(history: InsightHistory, o: { scope: StatsScope; days: number; now: Date }): DeliveryStats | null {
  const releases = history.releases.filter((r) => inScope(o.scope, r.repo));
  const rollouts = history.rollouts.filter((r) => inScope(o.scope, r.connectorId));
  const first = history.firsts
    .filter((f) => inScope(o.scope, f.repo))
    .map((f) => f.at)
    .sort()[0];
  if (first === undefined) return null;

  const to = o.now.getTime();
  const from = to - o.days * DAY;
  const current = periodFigures(releases, rollouts, from, to);
  const previous = periodFigures(releases, rollouts, from - o.days * DAY, from);
  const perWeek = Math.max(current.releasesPerWeek, current.rolloutsPerWeek);
  const lead = current.leadToRollout ?? current.leadToRelease;
  const previousLead = previous.leadToRollout ?? previous.leadToRelease;
  return {
    scope: o.scope,
    days: o.days,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    firstRecordAt: first,
    current,
    previous,
    bands: {
      frequency: frequencyBand(perWeek),
      leadTime: lead ? leadTimeBand(lead.median) : null,
      changeFailure: current.changeFailure ? failureRateBand(current.changeFailure.rate) : null,
      restore: current.timeToRestore ? restoreBand(current.timeToRestore.median) : null,
    },
    trends: {
      frequency: trend(perWeek, Math.max(previous.releasesPerWeek, previous.rolloutsPerWeek)),
      leadTime: trend(lead?.median, previousLead?.median),
      changeFailure: trend(current.changeFailure?.rate, previous.changeFailure?.rate),
      restore: trend(current.timeToRestore?.median, previous.timeToRestore?.median),
      approvalWait: trend(current.approvalWait?.median, previous.approvalWait?.median),
    },
  };
}

/** The figures of [from, to): each event counts in the period its time falls in. */
export function periodFigures(releases: readonly ReleaseFact[], rollouts: readonly RolloutFact[], from: number, to: number): PeriodFigures {
  const within = (at: string | null): at is string => at !== null && Date.parse(at) >= from && Date.parse(at) < to;
  const weeks = (to - from) / WEEK;

  const released = releases.filter((r) => within(r.releasedAt));
  const rolledOut = releases.filter((r) => within(r.rolledOutAt));
  const start = (r: ReleaseFact) => Date.parse(r.firstCommitAt ?? r.proposedAt);
  const leadFromProposal = new Set([...released, ...rolledOut].filter((r) => r.firstCommitAt === null).map((r) => r.id)).size;

  const forward = rollouts.filter((r) => r.kind !== 'rollback' && within(r.finishedAt) && (reachedProduction(r) || r.status === 'failed'));
  const deployed = forward.filter(reachedProduction);
  const failed = forward.filter((r) => r.status === 'failed');
  const rollbacks = rollouts.filter((r) => r.kind === 'rollback' && within(r.receivedAt));

  const incidents = [...failed.map((r) => ({ r, at: Date.parse(r.finishedAt!) })), ...rollbacks.map((r) => ({ r, at: Date.parse(r.receivedAt) }))];
  const restores: number[] = [];
  for (const { r, at } of incidents) {
    const next = rollouts
      .filter((n) => n.connectorId === r.connectorId && n.id > r.id && reachedProduction(n) && n.finishedAt !== null && Date.parse(n.finishedAt) >= at)
      .sort((a, b) => a.id - b.id)[0];
    if (next) restores.push(Date.parse(next.finishedAt!) - at);
  }

  const approvals = releases.filter((r) => within(r.approvedAt)).map((r) => Date.parse(r.approvedAt!) - Date.parse(r.proposedAt));
  return {
    releases: released.length,
    rollouts: deployed.length,
    releasesPerWeek: released.length / weeks,
    rolloutsPerWeek: deployed.length / weeks,
    leadToRelease: spread(released.map((r) => Date.parse(r.releasedAt!) - start(r))),
    leadToRollout: spread(rolledOut.map((r) => Date.parse(r.rolledOutAt!) - start(r))),
    leadFromProposal,
    changeFailure:
      forward.length === 0
        ? null
        : { failures: failed.length + rollbacks.length, rollouts: forward.length, rate: (failed.length + rollbacks.length) / forward.length },
    timeToRestore: restores.length === 0 ? null : { median: median(restores)!, count: restores.length },
    unrestored: incidents.length - restores.length,
    approvalWait: approvals.length === 0 ? null : { median: median(approvals)!, count: approvals.length },
  };
}

function spread(values: number[]): Spread | null {
  if (values.length === 0) return null;
  return { median: median(values)!, p90: percentile(values, 0.9)!, count: values.length };
}

function trend(current: number | undefined, previous: number | undefined): Trend {
  if (current === undefined || previous === undefined) return null;
  return current > previous ? '↑' : current < previous ? '↓' : '=';
}

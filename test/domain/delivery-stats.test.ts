import { describe, expect, it } from 'vitest';
import { deliveryStats } from '../../src/domain/delivery-stats.js';
import type { InsightHistory, ReleaseFact, RolloutFact } from '../../src/domain/insight-history.js';
import { failureRateBand, frequencyBand, leadTimeBand, restoreBand } from '../../src/domain/dora-band.js';
import { median, percentile } from '../../src/domain/percentile.js';

const NOW = new Date('2026-03-31T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (msBeforeNow: number) => new Date(NOW.getTime() - msBeforeNow).toISOString();

let ids = 0;
const release = (o: Partial<ReleaseFact> & { releasedAt: string | null }): ReleaseFact => ({
  id: ++ids,
  repo: 'widget',
  proposedAt: o.releasedAt ?? at(DAY),
  approvedAt: null,
  firstCommitAt: null,
  rolledOutAt: null,
  ...o,
});
const rollout = (o: Partial<RolloutFact> & { finishedAt: string | null }): RolloutFact => ({
  id: ++ids,
  connectorId: 'connector-foo',
  kind: 'build',
  status: 'deployed',
  receivedAt: o.finishedAt ?? at(DAY),
  ...o,
});
const stats = (h: Partial<InsightHistory>, days = 30, scope: Parameters<typeof deliveryStats>[1]['scope'] = { kind: 'all' }) =>
  deliveryStats(
    {
      releases: [],
      rollouts: [],
      firsts: [
        ...(h.releases ?? []).map((r) => ({ repo: r.repo, at: r.proposedAt })),
        ...(h.rollouts ?? []).map((r) => ({ repo: r.connectorId, at: r.receivedAt })),
      ],
      ...h,
    },
    { scope, days, now: NOW },
  );

describe('deliveryStats', () => {
  it('is null when the bot recorded nothing in scope, rather than zeros', () => {
    expect(stats({})).toBeNull();
    expect(stats({ releases: [release({ releasedAt: at(DAY) })] }, 30, { kind: 'repo', repo: 'gadget' })).toBeNull();
  });

  it('counts releases and rollouts per week, each in the period its time falls in', () => {
    const s = stats(
      {
        releases: [release({ releasedAt: at(DAY) }), release({ releasedAt: at(8 * DAY) }), release({ releasedAt: at(20 * DAY) })],
        rollouts: [rollout({ finishedAt: at(2 * DAY) }), rollout({ finishedAt: at(9 * DAY) })],
      },
      14,
    )!;
    expect(s.current.releases).toBe(2);
    expect(s.current.releasesPerWeek).toBe(1);
    expect(s.current.rolloutsPerWeek).toBe(1);
    expect(s.previous.releases).toBe(1);
    expect(s.bands.frequency).toBe('high');
    expect(s.trends.frequency).toBe('↑');
  });

  it('measures lead time from the oldest recorded commit, and from the proposal when no date was recorded', () => {
    const s = stats({
      releases: [
        release({ firstCommitAt: at(3 * DAY), proposedAt: at(2 * DAY), releasedAt: at(DAY), rolledOutAt: at(DAY - HOUR) }),
        release({ firstCommitAt: null, proposedAt: at(2 * DAY), releasedAt: at(DAY) }),
      ],
    })!;
    expect(s.current.leadToRelease).toEqual({ median: 1.5 * DAY, p90: 2 * DAY, count: 2 });
    expect(s.current.leadToRollout).toEqual({ median: 2 * DAY + HOUR, p90: 2 * DAY + HOUR, count: 1 });
    expect(s.current.leadFromProposal).toBe(1);
    expect(s.bands.leadTime).toBe('high');
  });

  it('takes the middle of ties and of an even count, and the nearest rank for p90', () => {
    expect(median([3, 1, 2, 2])).toBe(2);
    expect(median([1, 4])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([5], 0.9)).toBe(5);
    expect(median([])).toBeNull();
  });

  it('divides rollbacks and failed rollouts by rollouts, and restores at the next deployment of that connector', () => {
    const good = rollout({ finishedAt: at(10 * DAY) });
    const failed = rollout({ status: 'failed', finishedAt: at(9 * DAY) });
    const fix = rollout({ finishedAt: at(9 * DAY - 2 * HOUR) });
    const bad = rollout({ status: 'rolled_back', finishedAt: at(5 * DAY) });
    const rollback = rollout({ kind: 'rollback', receivedAt: at(4 * DAY), finishedAt: at(4 * DAY - 60_000) });
    const s = stats({ rollouts: [good, failed, fix, bad, rollback] })!;
    expect(s.current.changeFailure).toEqual({ failures: 2, rollouts: 4, rate: 0.5 });
    expect(s.bands.changeFailure).toBe('low');
    // the failed one: fixed 2 hours later; the rollback: no deployment after it yet
    expect(s.current.timeToRestore).toEqual({ median: 2 * HOUR, count: 1 });
    expect(s.current.unrestored).toBe(1);
    expect(s.bands.restore).toBe('high');
  });

  it('does not count another connector’s deployment as a restore', () => {
    const failed = rollout({ status: 'failed', finishedAt: at(3 * DAY) });
    const other = rollout({ connectorId: 'connector-bar', finishedAt: at(2 * DAY) });
    const s = stats({ rollouts: [failed, other] })!;
    expect(s.current.timeToRestore).toBeNull();
    expect(s.current.unrestored).toBe(1);
  });

  it('has empty figures for an empty period, and no trend against it', () => {
    const s = stats({ releases: [release({ releasedAt: at(40 * DAY), approvedAt: at(40 * DAY), proposedAt: at(41 * DAY) })] })!;
    expect(s.current.releases).toBe(0);
    expect(s.current.leadToRelease).toBeNull();
    expect(s.current.approvalWait).toBeNull();
    expect(s.previous.approvalWait).toEqual({ median: DAY, count: 1 });
    expect(s.trends.approvalWait).toBeNull();
    expect(s.bands.leadTime).toBeNull();
    expect(s.bands.frequency).toBe('low');
    expect(s.firstRecordAt).toBe(at(41 * DAY));
  });

  it('keeps to its scope: one repository, or the connectors', () => {
    const h = {
      releases: [release({ releasedAt: at(DAY) }), release({ repo: 'connector-foo', releasedAt: at(DAY) })],
      rollouts: [rollout({ finishedAt: at(DAY) })],
    };
    expect(stats(h, 30, { kind: 'repo', repo: 'widget' })!.current).toMatchObject({ releases: 1, rollouts: 0 });
    expect(stats(h, 30, { kind: 'connectors', prefix: 'connector-' })!.current).toMatchObject({ releases: 1, rollouts: 1 });
  });

  it('reads times with offsets as the instants they are (the period edge is an instant, not a local day)', () => {
    // 2026-03-01T13:30:00+02:00 is 11:30Z: inside a 30-day period ending 2026-03-31T12:00Z
    const s = stats({ releases: [release({ proposedAt: '2026-03-01T13:30:00+02:00', releasedAt: '2026-03-01T13:30:00+02:00' })] })!;
    expect(s.current.releases).toBe(0);
    expect(s.previous.releases).toBe(1);
  });
});

describe('DORA bands (State of DevOps 2023)', () => {
  it('puts each figure in its band', () => {
    expect([10, 7, 1, 0.3, 0.1].map(frequencyBand)).toEqual(['elite', 'high', 'high', 'medium', 'low']);
    expect([HOUR, DAY, 8 * DAY, 40 * DAY].map(leadTimeBand)).toEqual(['elite', 'high', 'medium', 'low']);
    expect([0, 0.05, 0.1, 0.15, 0.5].map(failureRateBand)).toEqual(['elite', 'elite', 'high', 'medium', 'low']);
    expect([60_000, 2 * HOUR, 2 * DAY, 8 * DAY].map(restoreBand)).toEqual(['elite', 'high', 'medium', 'low']);
  });
});

import { describe, expect, it } from 'vitest';
import { refusedAction, type AuditRow } from '../../src/metrics/audit-metrics.js';
import { makeBotMetrics } from '../../src/metrics/bot-metrics.js';

let nextId = 0;
const row = (r: Partial<AuditRow> & Pick<AuditRow, 'subjectType' | 'subjectId' | 'action' | 'at'>): AuditRow => ({
  id: ++nextId,
  actor: 'bot',
  fromStatus: null,
  toStatus: null,
  reason: null,
  ...r,
});

/** The metrics over an audit held in an array: what the store's `after` and `entries` would answer. */
function overAudit(audit: AuditRow[], startAfter = 0) {
  const reader = {
    after: async (id: number) => audit.filter((e) => e.id > id).slice(0, 2),
    of: async (type: string, id: string) => audit.filter((e) => e.subjectType === type && e.subjectId === id),
  };
  return makeBotMetrics({ outboxPending: () => 0, audit: reader, auditLastId: startAfter });
}

describe('metrics read from the audit', () => {
  it('counts the ends of releases and rollouts, each move once, and times a release from its first approval to its notice', async () => {
    const audit = [
      row({ subjectType: 'release', subjectId: '1', action: 'propose', toStatus: 'proposed', at: '2026-01-01T10:00:00.000Z' }),
      row({ subjectType: 'release', subjectId: '1', action: 'approved', fromStatus: 'proposed', toStatus: 'approved', at: '2026-01-01T10:01:00.000Z' }),
      row({ subjectType: 'release', subjectId: '1', action: 'failed', fromStatus: 'approved', toStatus: 'failed', at: '2026-01-01T10:01:05.000Z' }),
      row({ subjectType: 'release', subjectId: '1', action: 'approved', fromStatus: 'failed', toStatus: 'approved', at: '2026-01-01T10:02:00.000Z' }),
      row({ subjectType: 'release', subjectId: '1', action: 'notified', fromStatus: 'published', toStatus: 'notified', at: '2026-01-01T10:02:30.000Z' }),
      row({ subjectType: 'release', subjectId: '2', action: 'expired', fromStatus: 'proposed', toStatus: 'expired', at: '2026-01-01T11:00:00.000Z' }),
      row({ subjectType: 'rollout', subjectId: '7', action: 'failed', fromStatus: 'deploying', toStatus: 'failed', at: '2026-01-01T11:00:00.000Z' }),
      row({ subjectType: 'rollout', subjectId: '7', action: 'deploying', fromStatus: 'failed', toStatus: 'deploying', at: '2026-01-01T11:00:01.000Z' }),
    ];
    const metrics = overAudit(audit);
    // Each scrape reads on from where the last stopped (two rows a page here).
    await metrics.registry.metrics();
    const json = await metrics.registry.getMetricsAsJSON();
    const of = (name: string) => json.find((m) => m.name === name)!.values.map((v) => [v.labels, v.value]);
    expect(of('release_bot_releases_total')).toEqual([
      [{ status: 'failed' }, 1],
      [{ status: 'released' }, 1],
      [{ status: 'expired' }, 1],
    ]);
    expect(of('release_bot_rollouts_total')).toEqual([[{ status: 'failed' }, 1]]);
    const duration = json.find((m) => m.name === 'release_bot_release_duration_seconds')!.values as { metricName?: string; value: number }[];
    expect(duration.find((v) => v.metricName === 'release_bot_release_duration_seconds_sum')?.value).toBe(90);
    expect(duration.find((v) => v.metricName === 'release_bot_release_duration_seconds_count')?.value).toBe(1);
  });

  it('counts an entry that became visible after a higher one was read (its transaction committed later), once; and reads old entries no more', async () => {
    const now = Date.parse('2026-01-01T12:00:00.000Z');
    const at = (secondsAgo: number) => new Date(now - secondsAgo * 1000).toISOString();
    const older = row({ subjectType: 'release', subjectId: '4', action: 'expired', fromStatus: 'proposed', toStatus: 'expired', at: at(120) });
    const late = row({ subjectType: 'release', subjectId: '5', action: 'skipped', fromStatus: 'proposed', toStatus: 'skipped', at: at(5) });
    const early = row({ subjectType: 'release', subjectId: '6', action: 'failed', fromStatus: 'approved', toStatus: 'failed', at: at(4) });
    const visible = [older, early];
    const reads: number[] = [];
    const reader = {
      after: async (id: number) => {
        reads.push(id);
        return visible.filter((e) => e.id > id).sort((a, b) => a.id - b.id);
      },
      of: async () => [],
    };
    const metrics = makeBotMetrics({ outboxPending: () => 0, audit: reader, auditLastId: 0, now: () => now });
    const counts = async () => Object.fromEntries((await metrics.releases.get()).values.map((v) => [v.labels.status, v.value]));
    expect(await counts()).toEqual({ expired: 1, failed: 1 });
    // The entry written before `early` commits now: a cursor past `early` would never see it.
    visible.push(late);
    expect(await counts()).toEqual({ expired: 1, failed: 1, skipped: 1 });
    expect(await counts()).toEqual({ expired: 1, failed: 1, skipped: 1 });
    // Scrapes read on from the last entry older than a minute: the young ones again, never the old one.
    expect(reads.filter((id) => id === older.id)).toHaveLength(2);
    expect(reads.filter((id) => id < older.id)).toEqual([0]);
  });

  it('counts nothing written before the bot started', async () => {
    const audit = [
      row({ subjectType: 'release', subjectId: '3', action: 'skipped', fromStatus: 'proposed', toStatus: 'skipped', at: '2026-01-01T10:00:00.000Z' }),
    ];
    const metrics = overAudit(audit, audit[0]!.id);
    expect(await metrics.releases.get()).toMatchObject({ values: [] });
  });

  it('still answers a scrape when the audit cannot be read, and says why', async () => {
    const errors: unknown[] = [];
    const failing = { after: async () => Promise.reject(new Error('database is locked')), of: async () => [] };
    const metrics = makeBotMetrics({ outboxPending: () => 2, audit: failing, auditLastId: 0, onAuditError: (e) => errors.push(e) });
    expect(await metrics.registry.metrics()).toContain('release_bot_outbox_pending 2');
    expect(errors).toEqual([new Error('database is locked')]);
  });

  it('labels a refusal by what was tried, in a word that names no repository or version', () => {
    expect(refusedAction('approve: not an approver')).toBe('approve');
    expect(refusedAction('change bump to major: not an approver')).toBe('change');
    expect(refusedAction('change connector-foo to skip: not an approver')).toBe('change');
    expect(refusedAction('/deploy rollback: not an approver')).toBe('rollback');
    expect(refusedAction('/deploy deploy: not an approver')).toBe('deploy');
    expect(refusedAction('retry failed connectors: not an approver')).toBe('retry');
    expect(refusedAction('connector-foo 1.4.0: whatever')).toBe('other');
    expect(refusedAction(null)).toBe('other');
  });
});

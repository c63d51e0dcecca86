import type { ConnectorRecord } from '../../domain/connector-record.js';
import type { InsightHistory, ReleaseFact, RolloutFact } from '../../domain/insight-history.js';
import type { ConnectorPin } from '../../domain/rollout-model.js';
import type { RolloutStatus } from '../../domain/rollout-status.js';
import type { InsightRecords } from '../../workflows/ports/insight-records.js';
import { firstCommitAt } from '../first-commit-at.js';
import type { PgSql } from './pg-sql.js';

type ReleaseRow = Omit<ReleaseFact, 'firstCommitAt'> & { analysis: string };
type RolloutRow = { connectorId: string; version: string; status: RolloutStatus; at: string };

/** Read-only queries for the insights, and the weekly digest's claim (one replica wins it). */
export class PgInsightStore implements InsightRecords {
  constructor(
    private readonly sql: PgSql,
    private readonly now: () => Date,
  ) {}

  async history(since: string): Promise<InsightHistory> {
    // The step times come from the append-only audit: the first time each status was reached.
    const releases = await this.sql.all<ReleaseRow>(
      `SELECT r.id, r.repo, r.created_at AS "proposedAt", r.analysis,
         (SELECT MIN(a.at) FROM audit_log a WHERE a.subject_type = 'release' AND a.subject_id = CAST(r.id AS TEXT) AND a.to_status = 'approved') AS "approvedAt",
         (SELECT MIN(a.at) FROM audit_log a WHERE a.subject_type = 'release' AND a.subject_id = CAST(r.id AS TEXT) AND a.to_status = 'published') AS "releasedAt",
         (SELECT MIN(o.finished_at) FROM rollouts o WHERE o.release_id = r.id AND o.status IN ('deployed', 'rolled_back')) AS "rolledOutAt"
       FROM releases r WHERE r.updated_at >= ? ORDER BY r.id`,
      [since],
    );
    const rollouts = await this.sql.all<RolloutFact>(
      `SELECT id, connector_id AS "connectorId", kind, status, received_at AS "receivedAt", finished_at AS "finishedAt"
       FROM rollouts WHERE updated_at >= ? ORDER BY id`,
      [since],
    );
    const firsts = await this.sql.all<{ repo: string; at: string }>(
      `SELECT repo, MIN(created_at) AS at FROM releases GROUP BY repo
       UNION ALL SELECT connector_id AS repo, MIN(received_at) AS at FROM rollouts GROUP BY connector_id`,
    );
    return { releases: releases.map(({ analysis, ...r }) => ({ ...r, firstCommitAt: firstCommitAt(analysis) })), rollouts, firsts };
  }

  async connectors(): Promise<ConnectorRecord[]> {
    const latest = (where: string) =>
      this.sql.all<RolloutRow>(
        `SELECT connector_id AS "connectorId", version, status, COALESCE(finished_at, started_at, received_at) AS at FROM rollouts
         WHERE id IN (SELECT MAX(id) FROM rollouts ${where} GROUP BY connector_id) ORDER BY id`,
      );
    const production = await latest("WHERE status = 'deployed'");
    const last = await latest('');
    const pins = await this.sql.all<ConnectorPin>(
      'SELECT connector_id AS "connectorId", image, version, pinned_by AS "pinnedBy", pinned_at AS "pinnedAt", reason FROM connector_pins WHERE pinned = 1',
    );
    const records = new Map<string, ConnectorRecord>();
    const record = (id: string) => {
      const known = records.get(id);
      if (known) return known;
      const r: ConnectorRecord = { connectorId: id, production: null, lastRollout: null, pin: null };
      records.set(id, r);
      return r;
    };
    for (const r of production) record(r.connectorId).production = { version: r.version, at: r.at };
    for (const r of last) record(r.connectorId).lastRollout = { version: r.version, status: r.status, at: r.at };
    for (const p of pins) record(p.connectorId).pin = p;
    return [...records.values()];
  }

  async claimDigest(week: string): Promise<boolean> {
    return (await this.sql.run('INSERT INTO digests (week, claimed_at) VALUES (?, ?) ON CONFLICT (week) DO NOTHING', [week, this.now().toISOString()])) === 1;
  }
}

import type { ConnectorRecord } from '../domain/connector-record.js';
import type { InsightHistory, ReleaseFact, RolloutFact } from '../domain/insight-history.js';
import type { ConnectorPin } from '../domain/rollout-model.js';
import type { RolloutStatus } from '../domain/rollout-status.js';
import type { Db } from './open-database.js';
import { firstCommitAt } from './first-commit-at.js';

type ReleaseRow = Omit<ReleaseFact, 'firstCommitAt'> & { analysis: string };
type RolloutRow = { connectorId: string; version: string; status: RolloutStatus; at: string };

/** Read-only queries for the insights, and the weekly digest's claim. */
export class InsightStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  history(since: string): InsightHistory {
    // The step times come from the append-only audit: the first time each status was reached.
    const releases = this.db
      .prepare(
        `SELECT r.id, r.repo, r.created_at AS proposedAt, r.analysis,
           (SELECT MIN(a.at) FROM audit_log a WHERE a.subject_type = 'release' AND a.subject_id = CAST(r.id AS TEXT) AND a.to_status = 'approved') AS approvedAt,
           (SELECT MIN(a.at) FROM audit_log a WHERE a.subject_type = 'release' AND a.subject_id = CAST(r.id AS TEXT) AND a.to_status = 'published') AS releasedAt,
           (SELECT MIN(o.finished_at) FROM rollouts o WHERE o.release_id = r.id AND o.status IN ('deployed', 'rolled_back')) AS rolledOutAt
         FROM releases r WHERE r.updated_at >= ? ORDER BY r.id`,
      )
      .all(since) as ReleaseRow[];
    const rollouts = this.db
      .prepare(
        `SELECT id, connector_id AS connectorId, kind, status, received_at AS receivedAt, finished_at AS finishedAt
         FROM rollouts WHERE updated_at >= ? ORDER BY id`,
      )
      .all(since) as RolloutFact[];
    const firsts = this.db
      .prepare(
        `SELECT repo, MIN(created_at) AS at FROM releases GROUP BY repo
         UNION ALL SELECT connector_id AS repo, MIN(received_at) AS at FROM rollouts GROUP BY connector_id`,
      )
      .all() as { repo: string; at: string }[];
    return { releases: releases.map(({ analysis, ...r }) => ({ ...r, firstCommitAt: firstCommitAt(analysis) })), rollouts, firsts };
  }

  connectors(): ConnectorRecord[] {
    const latest = (where: string) =>
      this.db
        .prepare(
          `SELECT connector_id AS connectorId, version, status, COALESCE(finished_at, started_at, received_at) AS at FROM rollouts
           WHERE id IN (SELECT MAX(id) FROM rollouts ${where} GROUP BY connector_id)`,
        )
        .all() as RolloutRow[];
    const pins = this.db
      .prepare('SELECT connector_id AS connectorId, image, version, pinned_by AS pinnedBy, pinned_at AS pinnedAt, reason FROM connector_pins WHERE pinned = 1')
      .all() as ConnectorPin[];
    const records = new Map<string, ConnectorRecord>();
    const record = (id: string) => {
      const known = records.get(id);
      if (known) return known;
      const r: ConnectorRecord = { connectorId: id, production: null, lastRollout: null, pin: null };
      records.set(id, r);
      return r;
    };
    for (const r of latest("WHERE status = 'deployed'")) record(r.connectorId).production = { version: r.version, at: r.at };
    for (const r of latest('')) record(r.connectorId).lastRollout = { version: r.version, status: r.status, at: r.at };
    for (const p of pins) record(p.connectorId).pin = p;
    return [...records.values()];
  }

  claimDigest(week: string): boolean {
    return (
      this.db.prepare('INSERT INTO digests (week, claimed_at) VALUES (?, ?) ON CONFLICT (week) DO NOTHING').run(week, this.now().toISOString()).changes === 1
    );
  }
}

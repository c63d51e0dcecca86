import type { ConnectorRecord } from '../domain/connector-record.js';
import type { InsightHistory, ReleaseFact, RolloutFact } from '../domain/insight-history.js';
import type { ConnectorPin } from '../domain/rollout-model.js';
import type { RolloutStatus } from '../domain/rollout-status.js';
import { firstCommitAt } from './first-commit-at.js';

// The rows the insights read, the same on SQLite and PostgreSQL (quoted aliases keep their case on both).

export type ReleaseFactRow = Omit<ReleaseFact, 'firstCommitAt'> & { analysis: string };
export type LatestRolloutRow = { connectorId: string; version: string; status: RolloutStatus; at: string };

export const INSIGHT_SQL = {
  /** Releases touched since `?`; the step times come from the append-only audit: the first time each status was reached. */
  releaseFacts: `SELECT r.id, r.repo, r.created_at AS "proposedAt", r.analysis,
  (SELECT MIN(a.at) FROM audit_log a WHERE a.subject_type = 'release' AND a.subject_id = CAST(r.id AS TEXT) AND a.to_status = 'approved') AS "approvedAt",
  (SELECT MIN(a.at) FROM audit_log a WHERE a.subject_type = 'release' AND a.subject_id = CAST(r.id AS TEXT) AND a.to_status = 'published') AS "releasedAt",
  (SELECT MIN(o.finished_at) FROM rollouts o WHERE o.release_id = r.id AND o.status IN ('deployed', 'rolled_back')) AS "rolledOutAt"
FROM releases r WHERE r.updated_at >= ? ORDER BY r.id`,
  /** Rollouts touched since `?`. */
  rolloutFacts: `SELECT id, connector_id AS "connectorId", kind, status, received_at AS "receivedAt", finished_at AS "finishedAt"
FROM rollouts WHERE updated_at >= ? ORDER BY id`,
  /** The first record of each repository and connector. */
  firsts: `SELECT repo, MIN(created_at) AS at FROM releases GROUP BY repo
UNION ALL SELECT connector_id AS repo, MIN(received_at) AS at FROM rollouts GROUP BY connector_id`,
};

export function toInsightHistory(
  releases: readonly ReleaseFactRow[],
  rollouts: readonly RolloutFact[],
  firsts: readonly { repo: string; at: string }[],
): InsightHistory {
  return { releases: releases.map(({ analysis, ...r }) => ({ ...r, firstCommitAt: firstCommitAt(analysis) })), rollouts, firsts };
}

/** One record per connector seen: its newest deployed rollout, its newest rollout, its pin. */
export function toConnectorRecords(
  production: readonly LatestRolloutRow[],
  last: readonly LatestRolloutRow[],
  pins: readonly ConnectorPin[],
): ConnectorRecord[] {
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

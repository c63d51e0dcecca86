import type { ConnectorRecord } from '../domain/connector-record.js';
import type { InsightHistory, RolloutFact } from '../domain/insight-history.js';
import type { ConnectorPin } from '../domain/rollout-model.js';
import type { Db } from './open-database.js';
import { INSIGHT_SQL, toConnectorRecords, toInsightHistory, type LatestRolloutRow, type ReleaseFactRow } from './insight-rows.js';
import { SELECT_PINS } from './pin-sql.js';

/** Read-only queries for the insights, and the weekly digest's claim. */
export class InsightStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  history(since: string): InsightHistory {
    const releases = this.db.prepare(INSIGHT_SQL.releaseFacts).all(since) as ReleaseFactRow[];
    const rollouts = this.db.prepare(INSIGHT_SQL.rolloutFacts).all(since) as RolloutFact[];
    const firsts = this.db.prepare(INSIGHT_SQL.firsts).all() as { repo: string; at: string }[];
    return toInsightHistory(releases, rollouts, firsts);
  }

  connectors(): ConnectorRecord[] {
    const latest = (where: string) =>
      this.db
        .prepare(
          `SELECT connector_id AS connectorId, version, status, COALESCE(finished_at, started_at, received_at) AS at FROM rollouts
           WHERE id IN (SELECT MAX(id) FROM rollouts ${where} GROUP BY connector_id)`,
        )
        .all() as LatestRolloutRow[];
    const pins = this.db.prepare(`${SELECT_PINS} WHERE pinned = 1`).all() as ConnectorPin[];
    return toConnectorRecords(latest("WHERE status = 'deployed'"), latest(''), pins);
  }

  claimDigest(week: string): boolean {
    return (
      this.db.prepare('INSERT INTO digests (week, claimed_at) VALUES (?, ?) ON CONFLICT (week) DO NOTHING').run(week, this.now().toISOString()).changes === 1
    );
  }
}

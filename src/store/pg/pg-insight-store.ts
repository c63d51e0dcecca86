import type { ConnectorRecord } from '../../domain/connector-record.js';
import type { InsightHistory, RolloutFact } from '../../domain/insight-history.js';
import type { ConnectorPin } from '../../domain/rollout-model.js';
import type { InsightRecords } from '../../workflows/ports/insight-records.js';
import { INSIGHT_SQL, toConnectorRecords, toInsightHistory, type LatestRolloutRow, type ReleaseFactRow } from '../insight-rows.js';
import { SELECT_PINS } from '../pin-sql.js';
import type { PgSql } from './pg-sql.js';

/** Read-only queries for the insights, and the weekly digest's claim (one replica wins it). */
export class PgInsightStore implements InsightRecords {
  constructor(
    private readonly sql: PgSql,
    private readonly now: () => Date,
  ) {}

  async history(since: string): Promise<InsightHistory> {
    const releases = await this.sql.all<ReleaseFactRow>(INSIGHT_SQL.releaseFacts, [since]);
    const rollouts = await this.sql.all<RolloutFact>(INSIGHT_SQL.rolloutFacts, [since]);
    const firsts = await this.sql.all<{ repo: string; at: string }>(INSIGHT_SQL.firsts);
    return toInsightHistory(releases, rollouts, firsts);
  }

  async connectors(): Promise<ConnectorRecord[]> {
    const latest = (where: string) =>
      this.sql.all<LatestRolloutRow>(
        `SELECT connector_id AS "connectorId", version, status, COALESCE(finished_at, started_at, received_at) AS at FROM rollouts
         WHERE id IN (SELECT MAX(id) FROM rollouts ${where} GROUP BY connector_id) ORDER BY id`,
      );
    const production = await latest("WHERE status = 'deployed'");
    const last = await latest('');
    const pins = await this.sql.all<ConnectorPin>(`${SELECT_PINS} WHERE pinned = 1`);
    return toConnectorRecords(production, last, pins);
  }

  async claimDigest(week: string): Promise<boolean> {
    return (await this.sql.run('INSERT INTO digests (week, claimed_at) VALUES (?, ?) ON CONFLICT (week) DO NOTHING', [week, this.now().toISOString()])) === 1;
  }
}

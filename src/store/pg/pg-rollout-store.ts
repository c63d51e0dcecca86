import type { ConnectorPin, NewRollout, Rollout } from '../../domain/rollout-model.js';
import { isStartable, type RolloutStatus } from '../../domain/rollout-status.js';
import type { DeployOutcome, RecordOutcome, RolloutRecords, StartOutcome } from '../../workflows/ports/rollout-records.js';
import { assertRolloutMove } from '../assert-move.js';
import { connectorPinned, connectorUnpinned } from '../pin-audit.js';
import { SELECT_PINS, UPSERT_PIN } from '../pin-sql.js';
import { NEXT_QUEUED_REASON, rolloutFinished, rolloutRecorded, rolloutRolledBack, rolloutStarted } from '../rollout-audit.js';
import { newRolloutColumns, toRollout, type RolloutRow } from '../rollout-row.js';
import { PgAuditLog } from './pg-audit-log.js';
import { lockConnector } from './pg-locks.js';
import type { PgSql } from './pg-sql.js';
import { columnList } from '../column-list.js';

/** Rollouts and connector pins on PostgreSQL. Every change of status is audited in the transaction that makes it. */
export class PgRolloutStore implements RolloutRecords {
  constructor(
    private readonly sql: PgSql,
    private readonly now: () => Date,
  ) {}

  get(id: number): Promise<Rollout | undefined> {
    return this.one(this.sql, 'SELECT * FROM rollouts WHERE id = ?', [id]);
  }

  latestInReleaseThread(releaseId: number): Promise<Rollout | undefined> {
    return this.one(this.sql, 'SELECT * FROM rollouts WHERE release_id = ? AND own_message = 0 ORDER BY id DESC LIMIT 1', [releaseId]);
  }

  /**
   * Records a rollout, as the SQLite store does: a seen `buildKey` is a duplicate, a build of a
   * pinned connector is held, `startBy` starts it unless another is in flight, `pin` pins the
   * connector to it. A build recorded by another replica meanwhile is waited for, then a duplicate.
   */
  record(input: NewRollout, o: { buildKey: string | null; actor: string; reason: string; startBy?: string; pin?: string }): Promise<RecordOutcome> {
    return this.sql.atomic(async (sql): Promise<RecordOutcome> => {
      const seen = async () => (o.buildKey ? this.one(sql, 'SELECT * FROM rollouts WHERE build_key = ?', [o.buildKey]) : undefined);
      const before = await seen();
      if (before) return { kind: 'duplicate', rollout: before };
      if (o.startBy) await lockConnector(sql, input.connectorId);
      const inFlight = o.startBy ? await this.inFlight(sql, input.connectorId) : undefined;
      if (inFlight) return { kind: 'busy', inFlight };
      const status: RolloutStatus = o.startBy ? 'deploying' : input.kind === 'build' && (await this.pinOn(sql, input.connectorId)) ? 'held' : 'received';
      const at = this.now().toISOString();
      const columns = columnList(newRolloutColumns(input, { buildKey: o.buildKey, status, startBy: o.startBy }, at));
      const made = await sql.get<{ id: number }>(
        `INSERT INTO rollouts (${columns.names}) VALUES (${columns.placeholders}) ON CONFLICT (build_key) DO NOTHING RETURNING id`,
        columns.values,
      );
      if (!made) {
        const duplicate = await seen();
        if (!duplicate) throw new Error(`build ${o.buildKey} was neither recorded nor found`);
        return { kind: 'duplicate', rollout: duplicate };
      }
      await new PgAuditLog(sql, this.now).append(rolloutRecorded(made.id, input, status, o));
      if (o.pin) await this.pin(sql, input.connectorId, { by: o.actor, reason: o.pin, image: input.image, version: input.version });
      return { kind: 'recorded', rollout: (await this.one(sql, 'SELECT * FROM rollouts WHERE id = ?', [made.id]))! };
    });
  }

  /** received / held / failed → deploying; one rollout in flight per connector. */
  start(id: number, actor: string, reason: string, o: { approvedBy?: string } = {}): Promise<StartOutcome> {
    return this.sql.atomic(async (sql): Promise<StartOutcome> => {
      const peek = await this.one(sql, 'SELECT * FROM rollouts WHERE id = ?', [id]);
      if (!peek) return { kind: 'unknown' };
      // The connector's lock first, then the row: the order record() takes them in.
      await lockConnector(sql, peek.connectorId);
      const rollout = (await this.one(sql, 'SELECT * FROM rollouts WHERE id = ? FOR UPDATE', [id]))!;
      if (!isStartable(rollout.status)) return { kind: 'not-startable', rollout };
      const inFlight = await this.inFlight(sql, rollout.connectorId);
      if (inFlight) return { kind: 'busy', inFlight };
      const at = this.now().toISOString();
      assertRolloutMove(rollout.status, 'deploying');
      await sql.run(
        "UPDATE rollouts SET status = 'deploying', started_at = ?, finished_at = NULL, error = NULL, approved_by = COALESCE(?, approved_by), updated_at = ? WHERE id = ?",
        [at, o.approvedBy ?? null, at, id],
      );
      await new PgAuditLog(sql, this.now).append(rolloutStarted(rollout, actor, reason));
      return { kind: 'started', rollout: (await this.one(sql, 'SELECT * FROM rollouts WHERE id = ?', [id]))! };
    });
  }

  /** deploying → deployed | failed; a deployed rollback moves the rollout it replaces to rolled_back in the same transaction. */
  finish(id: number, outcome: DeployOutcome): Promise<{ rollout: Rollout; rolledBack?: Rollout } | undefined> {
    return this.sql.atomic(async (sql) => {
      const rollout = await this.one(sql, 'SELECT * FROM rollouts WHERE id = ? FOR UPDATE', [id]);
      if (rollout?.status !== 'deploying') return undefined;
      const at = this.now().toISOString();
      const ok = outcome.kind === 'deployed';
      assertRolloutMove(rollout.status, outcome.kind);
      await sql.run('UPDATE rollouts SET status = ?, result = ?, error = ?, attempts = ?, finished_at = ?, updated_at = ? WHERE id = ?', [
        outcome.kind,
        ok ? outcome.result : null,
        ok ? null : outcome.error,
        outcome.attempts,
        at,
        at,
        id,
      ]);
      const audit = new PgAuditLog(sql, this.now);
      await audit.append(rolloutFinished(id, outcome));
      let rolledBack: Rollout | undefined;
      const replaced =
        ok && rollout.rollbackOf !== null ? await this.one(sql, 'SELECT * FROM rollouts WHERE id = ? FOR UPDATE', [rollout.rollbackOf]) : undefined;
      if (replaced?.status === 'deployed') {
        assertRolloutMove(replaced.status, 'rolled_back');
        await sql.run("UPDATE rollouts SET status = 'rolled_back', updated_at = ? WHERE id = ?", [at, replaced.id]);
        await audit.append(rolloutRolledBack(replaced, rollout));
        rolledBack = await this.one(sql, 'SELECT * FROM rollouts WHERE id = ?', [replaced.id]);
      }
      return { rollout: (await this.one(sql, 'SELECT * FROM rollouts WHERE id = ?', [id]))!, rolledBack };
    });
  }

  /** The oldest build waiting for its turn (received, no approval needed), started. */
  async startNextQueued(connectorId: string): Promise<Rollout | undefined> {
    const next = await this.one(this.sql, "SELECT * FROM rollouts WHERE connector_id = ? AND status = 'received' AND needs_approval = 0 ORDER BY id LIMIT 1", [
      connectorId,
    ]);
    if (!next) return undefined;
    const started = await this.start(next.id, 'bot', NEXT_QUEUED_REASON);
    return started.kind === 'started' ? started.rollout : undefined;
  }

  async setReported(id: number, status: RolloutStatus): Promise<void> {
    await this.sql.run('UPDATE rollouts SET reported = ? WHERE id = ?', [status, id]);
  }

  /** Newest first. */
  async ofConnector(connectorId: string): Promise<Rollout[]> {
    return (await this.sql.all<RolloutRow>('SELECT * FROM rollouts WHERE connector_id = ? ORDER BY id DESC', [connectorId])).map(toRollout);
  }

  /** The rollback that replaced this rollout, once deployed. */
  rolledBackBy(id: number): Promise<Rollout | undefined> {
    return this.one(this.sql, "SELECT * FROM rollouts WHERE rollback_of = ? AND status = 'deployed' ORDER BY id DESC LIMIT 1", [id]);
  }

  /** Rows a restart has work for (see the SQLite store); SQLite's `IS NOT` is `IS DISTINCT FROM` here. */
  async unfinished(): Promise<Rollout[]> {
    const rows = await this.sql.all<RolloutRow>(
      `SELECT * FROM rollouts WHERE status = 'deploying' OR (status = 'received' AND needs_approval = 0)
       OR thread_ts IS NULL OR reported IS NULL OR reported <> status
       OR (deployment_error IS NULL AND ((status = 'deployed' AND deployment_state IS DISTINCT FROM 'success' AND deployment_state IS DISTINCT FROM 'inactive')
         OR (status = 'failed' AND deployment_state IS DISTINCT FROM 'failure'))) ORDER BY id`,
    );
    return rows.map(toRollout);
  }

  pinOf(connectorId: string): Promise<ConnectorPin | undefined> {
    return this.pinOn(this.sql, connectorId);
  }

  /** false when the connector was not pinned. */
  unpin(connectorId: string, by: string): Promise<boolean> {
    return this.sql.atomic(async (sql) => {
      const changed = await sql.run('UPDATE connector_pins SET pinned = 0, unpinned_by = ?, unpinned_at = ? WHERE connector_id = ? AND pinned = 1', [
        by,
        this.now().toISOString(),
        connectorId,
      ]);
      if (changed === 0) return false;
      await new PgAuditLog(sql, this.now).append(connectorUnpinned(connectorId, by));
      return true;
    });
  }

  private async pin(sql: PgSql, connectorId: string, p: { by: string; reason: string; image: string; version: string }): Promise<void> {
    await sql.run(UPSERT_PIN, [connectorId, p.image, p.version, p.reason, p.by, this.now().toISOString()]);
    await new PgAuditLog(sql, this.now).append(connectorPinned(connectorId, p));
  }

  private pinOn(sql: PgSql, connectorId: string): Promise<ConnectorPin | undefined> {
    return sql.get<ConnectorPin>(`${SELECT_PINS} WHERE connector_id = ? AND pinned = 1`, [connectorId]);
  }

  private inFlight(sql: PgSql, connectorId: string): Promise<Rollout | undefined> {
    return this.one(sql, "SELECT * FROM rollouts WHERE connector_id = ? AND status = 'deploying'", [connectorId]);
  }

  private async one(sql: PgSql, text: string, params: (string | number)[]): Promise<Rollout | undefined> {
    const row = await sql.get<RolloutRow>(text, params);
    return row && toRollout(row);
  }
}

import type { Db } from './open-database.js';
import type { AuditLog } from './audit-log.js';
import type { DeployOutcome, RecordOutcome, StartOutcome } from '../workflows/ports/rollout-records.js';

export type { DeployOutcome, RecordOutcome, StartOutcome };
import type { ConnectorPin, NewRollout, Rollout } from '../domain/rollout-model.js';
import { newRolloutColumns, toRollout, type RolloutRow } from './rollout-row.js';
import { isStartable, type RolloutStatus } from '../domain/rollout-status.js';
import { assertRolloutMove } from './assert-move.js';
import { NEXT_QUEUED_REASON, rolloutFinished, rolloutRecorded, rolloutRolledBack, rolloutStarted } from './rollout-audit.js';
import { connectorPinned, connectorUnpinned } from './pin-audit.js';
import { SELECT_PINS, UPSERT_PIN } from './pin-sql.js';
import { columnList } from './column-list.js';

/** Rollouts and connector pins. Every change of status is audited in the transaction that makes it. */
export class RolloutStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  get(id: number): Rollout | undefined {
    const row = this.db.prepare('SELECT * FROM rollouts WHERE id = ?').get(id) as RolloutRow | undefined;
    return row && toRollout(row);
  }

  /** The newest rollout told in a release's own thread. */
  latestInReleaseThread(releaseId: number): Rollout | undefined {
    const row = this.db.prepare('SELECT * FROM rollouts WHERE release_id = ? AND own_message = 0 ORDER BY id DESC LIMIT 1').get(releaseId) as
      | RolloutRow
      | undefined;
    return row && toRollout(row);
  }

  /**
   * Records a rollout. A build whose `buildKey` was seen is a duplicate; a build of a pinned
   * connector is `held`. With `startBy`, it starts at once (`deploying`), unless another
   * rollout of the connector is in flight. With `pin` (the reason), the connector is pinned
   * to this image in the same transaction (a rollback).
   */
  record(input: NewRollout, o: { buildKey: string | null; actor: string; reason: string; startBy?: string; pin?: string }): RecordOutcome {
    return this.db.transaction((): RecordOutcome => {
      if (o.buildKey) {
        const seen = this.db.prepare('SELECT * FROM rollouts WHERE build_key = ?').get(o.buildKey) as RolloutRow | undefined;
        if (seen) return { kind: 'duplicate', rollout: toRollout(seen) };
      }
      const inFlight = o.startBy ? this.inFlight(input.connectorId) : undefined;
      if (inFlight) return { kind: 'busy', inFlight };
      const status: RolloutStatus = o.startBy ? 'deploying' : input.kind === 'build' && this.pinOf(input.connectorId) ? 'held' : 'received';
      const at = this.now().toISOString();
      const columns = columnList(newRolloutColumns(input, { buildKey: o.buildKey, status, startBy: o.startBy }, at));
      const info = this.db.prepare(`INSERT INTO rollouts (${columns.names}) VALUES (${columns.placeholders})`).run(...columns.values);
      const id = Number(info.lastInsertRowid);
      this.audit.append(rolloutRecorded(id, input, status, o));
      if (o.pin) this.pin(input.connectorId, { by: o.actor, reason: o.pin, image: input.image, version: input.version });
      return { kind: 'recorded', rollout: this.get(id)! };
    })();
  }

  /** received / held / failed → deploying; one rollout in flight per connector. */
  start(id: number, actor: string, reason: string, o: { approvedBy?: string } = {}): StartOutcome {
    return this.db.transaction((): StartOutcome => {
      const rollout = this.get(id);
      if (!rollout) return { kind: 'unknown' };
      if (!isStartable(rollout.status)) return { kind: 'not-startable', rollout };
      const inFlight = this.inFlight(rollout.connectorId);
      if (inFlight) return { kind: 'busy', inFlight };
      const at = this.now().toISOString();
      assertRolloutMove(rollout.status, 'deploying');
      this.db
        .prepare(
          "UPDATE rollouts SET status = 'deploying', started_at = ?, finished_at = NULL, error = NULL, approved_by = COALESCE(?, approved_by), updated_at = ? WHERE id = ?",
        )
        .run(at, o.approvedBy ?? null, at, id);
      this.audit.append(rolloutStarted(rollout, actor, reason));
      return { kind: 'started', rollout: this.get(id)! };
    })();
  }

  /**
   * deploying → deployed | failed, with the deployer's result, in one transaction. A rollback
   * that is deployed moves the rollout it replaces to rolled_back in the same transaction.
   */
  finish(id: number, outcome: DeployOutcome): { rollout: Rollout; rolledBack?: Rollout } | undefined {
    return this.db.transaction(() => {
      const rollout = this.get(id);
      if (rollout?.status !== 'deploying') return undefined;
      const at = this.now().toISOString();
      const ok = outcome.kind === 'deployed';
      assertRolloutMove(rollout.status, outcome.kind);
      this.db
        .prepare('UPDATE rollouts SET status = ?, result = ?, error = ?, attempts = ?, finished_at = ?, updated_at = ? WHERE id = ?')
        .run(outcome.kind, ok ? outcome.result : null, ok ? null : outcome.error, outcome.attempts, at, at, id);
      this.audit.append(rolloutFinished(id, outcome));
      let rolledBack: Rollout | undefined;
      const replaced = ok && rollout.rollbackOf !== null ? this.get(rollout.rollbackOf) : undefined;
      if (replaced?.status === 'deployed') {
        assertRolloutMove(replaced.status, 'rolled_back');
        this.db.prepare("UPDATE rollouts SET status = 'rolled_back', updated_at = ? WHERE id = ?").run(at, replaced.id);
        this.audit.append(rolloutRolledBack(replaced, rollout));
        rolledBack = this.get(replaced.id);
      }
      return { rollout: this.get(id)!, rolledBack };
    })();
  }

  /** The oldest build waiting for its turn (received, no approval needed), started. */
  startNextQueued(connectorId: string): Rollout | undefined {
    const row = this.db
      .prepare("SELECT * FROM rollouts WHERE connector_id = ? AND status = 'received' AND needs_approval = 0 ORDER BY id LIMIT 1")
      .get(connectorId) as RolloutRow | undefined;
    if (!row) return undefined;
    const started = this.start(row.id, 'bot', NEXT_QUEUED_REASON);
    return started.kind === 'started' ? started.rollout : undefined;
  }

  setThread(id: number, threadTs: string): void {
    this.db.prepare('UPDATE rollouts SET thread_ts = ?, updated_at = ? WHERE id = ?').run(threadTs, this.now().toISOString(), id);
  }

  setReported(id: number, status: RolloutStatus): void {
    this.db.prepare('UPDATE rollouts SET reported = ? WHERE id = ?').run(status, id);
  }

  inFlight(connectorId: string): Rollout | undefined {
    const row = this.db.prepare("SELECT * FROM rollouts WHERE connector_id = ? AND status = 'deploying'").get(connectorId) as RolloutRow | undefined;
    return row && toRollout(row);
  }

  /** Newest first. */
  ofConnector(connectorId: string): Rollout[] {
    return (this.db.prepare('SELECT * FROM rollouts WHERE connector_id = ? ORDER BY id DESC').all(connectorId) as RolloutRow[]).map(toRollout);
  }

  /** The rollback that replaced this rollout, once deployed. */
  rolledBackBy(id: number): Rollout | undefined {
    const row = this.db.prepare("SELECT * FROM rollouts WHERE rollback_of = ? AND status = 'deployed' ORDER BY id DESC LIMIT 1").get(id) as
      | RolloutRow
      | undefined;
    return row && toRollout(row);
  }

  /**
   * Rows a restart has work for: a deploy in flight, a build waiting for its turn, Slack not told
   * yet, or an ended rollout whose GitHub deployment does not say so yet (src/workflows/sync-deployment.ts).
   */
  unfinished(): Rollout[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM rollouts WHERE status = 'deploying' OR (status = 'received' AND needs_approval = 0)
           OR thread_ts IS NULL OR reported IS NULL OR reported != status
           OR (deployment_error IS NULL AND ((status = 'deployed' AND deployment_state IS NOT 'success' AND deployment_state IS NOT 'inactive')
             OR (status = 'failed' AND deployment_state IS NOT 'failure'))) ORDER BY id`,
        )
        .all() as RolloutRow[]
    ).map(toRollout);
  }

  pinOf(connectorId: string): ConnectorPin | undefined {
    return this.db.prepare(`${SELECT_PINS} WHERE connector_id = ? AND pinned = 1`).get(connectorId) as ConnectorPin | undefined;
  }

  pin(connectorId: string, p: { by: string; reason: string; image: string; version: string }): void {
    this.db.transaction(() => {
      this.db.prepare(UPSERT_PIN).run(connectorId, p.image, p.version, p.reason, p.by, this.now().toISOString());
      this.audit.append(connectorPinned(connectorId, p));
    })();
  }

  /** false when the connector was not pinned. */
  unpin(connectorId: string, by: string): boolean {
    return this.db.transaction(() => {
      const info = this.db
        .prepare('UPDATE connector_pins SET pinned = 0, unpinned_by = ?, unpinned_at = ? WHERE connector_id = ? AND pinned = 1')
        .run(by, this.now().toISOString(), connectorId);
      if (info.changes === 0) return false;
      this.audit.append(connectorUnpinned(connectorId, by));
      return true;
    })();
  }
}

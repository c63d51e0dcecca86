import type { Db } from './open-database.js';
import type { AuditLog } from './audit-log.js';
import type { DeployOutcome, RecordOutcome, StartOutcome } from '../workflows/ports/rollout-records.js';

export type { DeployOutcome, RecordOutcome, StartOutcome };
import type { ConnectorPin, NewRollout, Rollout } from '../domain/rollout-model.js';
import { toRollout, type RolloutRow } from './rollout-row.js';
import { canTransition, isStartable, type RolloutStatus } from '../domain/rollout-status.js';

/** Every write of a status goes only along a move the rollout machine allows (src/domain/rollout-status.ts). */
function allowed(from: RolloutStatus, to: RolloutStatus): void {
  if (!canTransition(from, to)) throw new Error(`a rollout cannot go from ${from} to ${to}`);
}

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
      const info = this.db
        .prepare(
          `INSERT INTO rollouts (connector_id, version, image, kind, source, build_key, status, needs_approval, requested_by, approved_by, release_id,
             rollback_of, channel, thread_ts, own_message, received_at, started_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.connectorId,
          input.version,
          input.image,
          input.kind,
          input.source,
          o.buildKey,
          status,
          input.needsApproval ? 1 : 0,
          input.requestedBy,
          o.startBy ?? null,
          input.releaseId,
          input.rollbackOf,
          input.channel,
          input.threadTs,
          input.ownMessage ? 1 : 0,
          at,
          o.startBy ? at : null,
          at,
        );
      const id = Number(info.lastInsertRowid);
      this.audit.append({
        actor: o.actor,
        subjectType: 'rollout',
        subjectId: String(id),
        action: status === 'held' ? 'hold' : input.kind === 'rollback' ? 'rollback' : o.startBy ? 'deploy' : 'receive',
        fromStatus: null,
        toStatus: status,
        reason: o.reason,
      });
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
      allowed(rollout.status, 'deploying');
      this.db
        .prepare(
          "UPDATE rollouts SET status = 'deploying', started_at = ?, finished_at = NULL, error = NULL, approved_by = COALESCE(?, approved_by), updated_at = ? WHERE id = ?",
        )
        .run(at, o.approvedBy ?? null, at, id);
      this.audit.append({
        actor,
        subjectType: 'rollout',
        subjectId: String(id),
        action: 'deploying',
        fromStatus: rollout.status,
        toStatus: 'deploying',
        reason,
      });
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
      allowed(rollout.status, outcome.kind);
      this.db
        .prepare('UPDATE rollouts SET status = ?, result = ?, error = ?, attempts = ?, finished_at = ?, updated_at = ? WHERE id = ?')
        .run(outcome.kind, ok ? outcome.result : null, ok ? null : outcome.error, outcome.attempts, at, at, id);
      this.audit.append({
        actor: 'bot',
        subjectType: 'rollout',
        subjectId: String(id),
        action: outcome.kind,
        fromStatus: 'deploying',
        toStatus: outcome.kind,
        reason: ok ? outcome.result : outcome.error,
      });
      let rolledBack: Rollout | undefined;
      const replaced = ok && rollout.rollbackOf !== null ? this.get(rollout.rollbackOf) : undefined;
      if (replaced?.status === 'deployed') {
        allowed(replaced.status, 'rolled_back');
        this.db.prepare("UPDATE rollouts SET status = 'rolled_back', updated_at = ? WHERE id = ?").run(at, replaced.id);
        this.audit.append({
          actor: rollout.requestedBy ?? 'bot',
          subjectType: 'rollout',
          subjectId: String(replaced.id),
          action: 'rolled_back',
          fromStatus: 'deployed',
          toStatus: 'rolled_back',
          reason: `rolled back to ${rollout.image} by rollout ${rollout.id}`,
        });
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
    const started = this.start(row.id, 'bot', 'automatic rollout, after the one before it');
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
    return this.db
      .prepare(
        'SELECT connector_id AS connectorId, image, version, pinned_by AS pinnedBy, pinned_at AS pinnedAt, reason FROM connector_pins WHERE connector_id = ? AND pinned = 1',
      )
      .get(connectorId) as ConnectorPin | undefined;
  }

  pin(connectorId: string, p: { by: string; reason: string; image: string; version: string }): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO connector_pins (connector_id, pinned, image, version, reason, pinned_by, pinned_at) VALUES (?, 1, ?, ?, ?, ?, ?)
           ON CONFLICT(connector_id) DO UPDATE SET pinned = 1, image = excluded.image, version = excluded.version, reason = excluded.reason,
             pinned_by = excluded.pinned_by, pinned_at = excluded.pinned_at, unpinned_by = NULL, unpinned_at = NULL`,
        )
        .run(connectorId, p.image, p.version, p.reason, p.by, this.now().toISOString());
      this.audit.append({
        actor: p.by,
        subjectType: 'connector',
        subjectId: connectorId,
        action: 'pin',
        fromStatus: null,
        toStatus: 'pinned',
        reason: `${p.reason}: ${p.image}`,
      });
    })();
  }

  /** false when the connector was not pinned. */
  unpin(connectorId: string, by: string): boolean {
    return this.db.transaction(() => {
      const info = this.db
        .prepare('UPDATE connector_pins SET pinned = 0, unpinned_by = ?, unpinned_at = ? WHERE connector_id = ? AND pinned = 1')
        .run(by, this.now().toISOString(), connectorId);
      if (info.changes === 0) return false;
      this.audit.append({
        actor: by,
        subjectType: 'connector',
        subjectId: connectorId,
        action: 'unpin',
        fromStatus: 'pinned',
        toStatus: null,
        reason: 'unpinned in Slack',
      });
      return true;
    })();
  }
}

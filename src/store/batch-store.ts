import type { Db } from './open-database.js';
import { isReleaseInFlight } from '../domain/release-status.js';
import type { Batch, BatchStatus } from '../domain/batch.js';
import { tallyApprovals, type Approval } from '../domain/approval-policy.js';
import { newBatchColumns, toBatch, type BatchRow as Row } from './batch-row.js';
import { approvalCounted, approvedReason } from './approval-audit.js';
import { assertBatchMove } from './assert-move.js';
import { batchApprovalsReset, batchMoved, batchProposed, TRAIN_REASONS, trainProposer } from './batch-audit.js';
import type { NewRelease, Release } from '../domain/release.js';
import type { AuditLog } from './audit-log.js';
import type { ReleaseStore } from './release-store.js';
import type { BatchApproval, NewBatch } from '../workflows/ports/batch-records.js';
import { columnList } from './column-list.js';
import { IN_FLIGHT_SQL } from './release-status-sql.js';

export type { BatchApproval };

/** Release trains: a batch row plus one release row per connector (releases.batch_id). */
export class BatchStore {
  constructor(
    private readonly db: Db,
    private readonly releases: ReleaseStore,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  get(id: number): Batch | undefined {
    const row = this.db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as Row | undefined;
    return row && this.toBatch(row);
  }

  private toBatch(row: Row): Batch {
    return toBatch(row, this.db.prepare('SELECT user, at FROM approvals WHERE batch_id = ? AND voided_at IS NULL ORDER BY id').all(row.id) as Approval[]);
  }

  /** The train a push delivery proposed, if it got that far before the bot stopped. */
  byDelivery(deliveryId: string): Batch | undefined {
    const row = this.db.prepare('SELECT * FROM batches WHERE delivery_id = ?').get(deliveryId) as Row | undefined;
    return row && this.toBatch(row);
  }

  create(b: NewBatch, members: NewRelease[]): Batch {
    return this.db.transaction(() => {
      const at = this.now().toISOString();
      const columns = columnList(newBatchColumns(b));
      const info = this.db
        .prepare(`INSERT INTO batches (status, ${columns.names}, created_at, updated_at) VALUES ('proposed', ${columns.placeholders}, ?, ?)`)
        .run(...columns.values, at, at);
      const id = Number(info.lastInsertRowid);
      for (const m of members) this.releases.propose({ ...m, batchId: id }, trainProposer(b));
      this.audit.append(batchProposed(id, b, members.length));
      return this.get(id)!;
    })();
  }

  setMessage(id: number, ts: string): void {
    this.db.prepare('UPDATE batches SET message_ts = ?, updated_at = ? WHERE id = ?').run(ts, this.now().toISOString(), id);
  }

  /**
   * Records `user`'s approval of the whole train; at the policy's N-th distinct one, proposed →
   * running and every connector still in the train → approved (one already in flight elsewhere
   * fails with the reason). A second approval by the same person changes nothing.
   */
  approveAll(id: number, user: string): BatchApproval {
    return this.db.transaction((): BatchApproval => {
      const batch = this.get(id);
      if (!batch) return { kind: 'unknown' };
      if (batch.status !== 'proposed') return { kind: 'not-proposed', batch };
      if (batch.approvals.some((a) => a.user === user)) return { kind: 'already', batch };
      const tally = tallyApprovals([...batch.approvals, { user }], batch.policy?.requiredApprovals ?? 1);
      this.db.prepare('INSERT INTO approvals (batch_id, user, at) VALUES (?, ?, ?)').run(id, user, this.now().toISOString());
      if (!tally.complete) {
        this.audit.append(approvalCounted('batch', id, user, tally));
        return { kind: 'counted', batch: this.get(id)! };
      }
      this.setStatus(batch, 'running', user, approvedReason(tally), user);
      const started: Release[] = [];
      const busy: Release[] = [];
      for (const m of this.releases.inBatch(id).filter((r) => r.status === 'proposed')) {
        const outcome = this.releases.approve(m.id, user);
        if (outcome.kind === 'approved') started.push(outcome.release);
        else if (outcome.kind === 'busy') {
          const error = TRAIN_REASONS.memberBusy(m.repo, outcome.inFlight.tag);
          busy.push(this.releases.advance(m.id, 'proposed', 'failed', user, error, { error, approvedBy: user })!);
        }
      }
      return { kind: 'approved', batch: this.get(id)!, started, busy };
    })();
  }

  /** A connector's bump changed or it was left out: the train people approved is not this one, the count starts again. */
  resetApprovals(id: number, user: string, why: string): number {
    return this.db.transaction(() => {
      const voided = this.db.prepare('UPDATE approvals SET voided_at = ? WHERE batch_id = ? AND voided_at IS NULL').run(this.now().toISOString(), id).changes;
      if (voided > 0) this.audit.append(batchApprovalsReset(id, user, why, voided));
      return voided;
    })();
  }

  cancel(id: number, user: string): Batch | undefined {
    return this.db.transaction(() => {
      const batch = this.get(id);
      if (batch?.status !== 'proposed') return undefined;
      for (const m of this.releases.inBatch(id)) {
        if (m.status === 'proposed') this.releases.advance(m.id, 'proposed', 'cancelled', user, TRAIN_REASONS.memberCancelled);
      }
      return this.setStatus(batch, 'cancelled', user, TRAIN_REASONS.cancelled);
    })();
  }

  turnPage(id: number, page: number): void {
    this.db.prepare('UPDATE batches SET card_page = ? WHERE id = ?').run(page, id);
  }

  /** running → done once no connector is in flight. */
  finish(id: number): Batch | undefined {
    return this.db.transaction(() => {
      const batch = this.get(id);
      if (batch?.status !== 'running') return undefined;
      if (this.releases.inBatch(id).some((m) => isReleaseInFlight(m.status))) return undefined;
      return this.setStatus(batch, 'done', 'bot', TRAIN_REASONS.done);
    })();
  }

  /**
   * Failed connectors start again; the train runs again. A connector whose repository has another
   * release in flight meanwhile stays failed (one release in flight per repository).
   */
  retryFailed(id: number, user: string): Release[] {
    return this.db.transaction(() => {
      const batch = this.get(id);
      if (batch?.status !== 'done') return [];
      const busy = this.db.prepare(`SELECT 1 FROM releases WHERE repo = ? AND status IN (${IN_FLIGHT_SQL}) LIMIT 1`);
      const retried = this.releases
        .inBatch(id)
        .filter((m) => m.status === 'failed' && busy.get(m.repo) === undefined)
        .map((m) => this.releases.advance(m.id, 'failed', 'approved', user, TRAIN_REASONS.memberRetried))
        .filter((m): m is Release => m !== undefined);
      if (retried.length > 0) this.setStatus(batch, 'running', user, TRAIN_REASONS.retried(retried.length));
      return retried;
    })();
  }

  /** Proposed trains whose card was never posted (the bot stopped in between). */
  unposted(): Batch[] {
    // A train whose push delivery is still pending is posted when that delivery is handled again.
    return (
      this.db
        .prepare(
          `SELECT * FROM batches WHERE status = 'proposed' AND message_ts IS NULL
         AND (delivery_id IS NULL OR delivery_id NOT IN (SELECT id FROM webhook_deliveries WHERE status = 'pending')) ORDER BY id`,
        )
        .all() as Row[]
    ).map((r) => this.toBatch(r));
  }

  running(): Batch[] {
    return (this.db.prepare("SELECT * FROM batches WHERE status = 'running' ORDER BY id").all() as Row[]).map((r) => this.toBatch(r));
  }

  /** Every write of a status comes through here, and only along a move the train machine allows. */
  private setStatus(batch: Batch, to: BatchStatus, actor: string, reason: string, approvedBy?: string): Batch {
    assertBatchMove(batch.status, to);
    this.db
      .prepare('UPDATE batches SET status = ?, approved_by = COALESCE(?, approved_by), updated_at = ? WHERE id = ?')
      .run(to, approvedBy ?? null, this.now().toISOString(), batch.id);
    this.audit.append(batchMoved(batch, to, actor, reason));
    return this.get(batch.id)!;
  }
}

import { tallyApprovals, type Approval } from '../../domain/approval-policy.js';
import type { Batch, BatchStatus } from '../../domain/batch.js';
import type { NewRelease, Release } from '../../domain/release.js';
import { isReleaseInFlight } from '../../domain/release-status.js';
import type { BatchApproval, BatchRecords, NewBatch } from '../../workflows/ports/batch-records.js';
import { approvalCounted, approvedReason } from '../approval-audit.js';
import { assertBatchMove } from '../assert-move.js';
import { batchApprovalsReset, batchMoved, batchProposed, TRAIN_REASONS, trainProposer } from '../batch-audit.js';
import { newBatchColumns, toBatch, type BatchRow } from '../batch-row.js';
import { PgAuditLog } from './pg-audit-log.js';
import type { PgSql } from './pg-sql.js';
import { PgReleaseStore } from './pg-release-store.js';
import { columnList } from '../column-list.js';
import { IN_FLIGHT_SQL } from '../release-status-sql.js';
import { lockRepo } from './pg-locks.js';

/**
 * Release trains on PostgreSQL: a batch row plus one release row per connector. A move reads the
 * train FOR UPDATE: a replica deciding on the same train waits, then decides on what it finds.
 */
export class PgBatchStore implements BatchRecords {
  constructor(
    private readonly sql: PgSql,
    private readonly now: () => Date,
  ) {}

  get(id: number): Promise<Batch | undefined> {
    return this.read(this.sql, id);
  }

  /** The train a push delivery proposed, if it got that far before the bot stopped. */
  async byDelivery(deliveryId: string): Promise<Batch | undefined> {
    const row = await this.sql.get<BatchRow>('SELECT * FROM batches WHERE delivery_id = ?', [deliveryId]);
    return row && this.toBatch(this.sql, row);
  }

  create(b: NewBatch, members: NewRelease[]): Promise<Batch> {
    return this.sql.atomic(async (sql) => {
      const at = this.now().toISOString();
      const columns = columnList(newBatchColumns(b));
      const made = await sql.get<{ id: number }>(
        `INSERT INTO batches (status, ${columns.names}, created_at, updated_at) VALUES ('proposed', ${columns.placeholders}, ?, ?) RETURNING id`,
        [...columns.values, at, at],
      );
      const id = made!.id;
      const releases = new PgReleaseStore(sql, this.now);
      for (const m of members) await releases.propose({ ...m, batchId: id }, trainProposer(b));
      await new PgAuditLog(sql, this.now).append(batchProposed(id, b, members.length));
      return (await this.read(sql, id))!;
    });
  }

  /**
   * Records `user`'s approval of the whole train; at the policy's N-th distinct one, proposed →
   * running and every connector still in the train → approved (one already in flight elsewhere
   * fails with the reason). A second approval by the same person changes nothing.
   */
  approveAll(id: number, user: string): Promise<BatchApproval> {
    return this.sql.atomic(async (sql): Promise<BatchApproval> => {
      const batch = await this.read(sql, id, { forUpdate: true });
      if (!batch) return { kind: 'unknown' };
      if (batch.status !== 'proposed') return { kind: 'not-proposed', batch };
      if (batch.approvals.some((a) => a.user === user)) return { kind: 'already', batch };
      const tally = tallyApprovals([...batch.approvals, { user }], batch.policy?.requiredApprovals ?? 1);
      await sql.run('INSERT INTO approvals (batch_id, "user", at) VALUES (?, ?, ?)', [id, user, this.now().toISOString()]);
      if (!tally.complete) {
        await new PgAuditLog(sql, this.now).append(approvalCounted('batch', id, user, tally));
        return { kind: 'counted', batch: (await this.read(sql, id))! };
      }
      await this.setStatus(sql, batch, 'running', user, approvedReason(tally), user);
      const releases = new PgReleaseStore(sql, this.now);
      const started: Release[] = [];
      const busy: Release[] = [];
      for (const m of (await releases.inBatch(id)).filter((r) => r.status === 'proposed')) {
        const outcome = await releases.approve(m.id, user);
        if (outcome.kind === 'approved') started.push(outcome.release);
        else if (outcome.kind === 'busy') {
          const error = TRAIN_REASONS.memberBusy(m.repo, outcome.inFlight.tag);
          busy.push((await releases.advance(m.id, 'proposed', 'failed', user, error, { error, approvedBy: user }))!);
        }
      }
      return { kind: 'approved', batch: (await this.read(sql, id))!, started, busy };
    });
  }

  /** A connector's bump changed or it was left out: the train people approved is not this one, the count starts again. */
  resetApprovals(id: number, user: string, why: string): Promise<number> {
    return this.sql.atomic(async (sql) => {
      const voided = await sql.run('UPDATE approvals SET voided_at = ? WHERE batch_id = ? AND voided_at IS NULL', [this.now().toISOString(), id]);
      if (voided > 0) await new PgAuditLog(sql, this.now).append(batchApprovalsReset(id, user, why, voided));
      return voided;
    });
  }

  cancel(id: number, user: string): Promise<Batch | undefined> {
    return this.sql.atomic(async (sql) => {
      const batch = await this.read(sql, id, { forUpdate: true });
      if (batch?.status !== 'proposed') return undefined;
      const releases = new PgReleaseStore(sql, this.now);
      for (const m of await releases.inBatch(id)) {
        if (m.status === 'proposed') await releases.advance(m.id, 'proposed', 'cancelled', user, TRAIN_REASONS.memberCancelled);
      }
      return this.setStatus(sql, batch, 'cancelled', user, TRAIN_REASONS.cancelled);
    });
  }

  async turnPage(id: number, page: number): Promise<void> {
    await this.sql.run('UPDATE batches SET card_page = ? WHERE id = ?', [page, id]);
  }

  /** running → done once no connector is in flight. */
  finish(id: number): Promise<Batch | undefined> {
    return this.sql.atomic(async (sql) => {
      const batch = await this.read(sql, id, { forUpdate: true });
      if (batch?.status !== 'running') return undefined;
      if ((await new PgReleaseStore(sql, this.now).inBatch(id)).some((m) => isReleaseInFlight(m.status))) return undefined;
      return this.setStatus(sql, batch, 'done', 'bot', TRAIN_REASONS.done);
    });
  }

  /** Failed connectors start again; the train runs again. */
  retryFailed(id: number, user: string): Promise<Release[]> {
    return this.sql.atomic(async (sql) => {
      const batch = await this.read(sql, id, { forUpdate: true });
      if (batch?.status !== 'done') return [];
      const releases = new PgReleaseStore(sql, this.now);
      const retried: Release[] = [];
      for (const m of (await releases.inBatch(id)).filter((r) => r.status === 'failed')) {
        // One release in flight per repository: one that started meanwhile keeps this connector failed.
        await lockRepo(sql, m.repo);
        if (await sql.get(`SELECT 1 FROM releases WHERE repo = ? AND status IN (${IN_FLIGHT_SQL}) LIMIT 1`, [m.repo])) continue;
        const moved = await releases.advance(m.id, 'failed', 'approved', user, TRAIN_REASONS.memberRetried);
        if (moved) retried.push(moved);
      }
      if (retried.length > 0) await this.setStatus(sql, batch, 'running', user, TRAIN_REASONS.retried(retried.length));
      return retried;
    });
  }

  /** Proposed trains whose card was never posted (the bot stopped in between). */
  async unposted(): Promise<Batch[]> {
    // A train whose push delivery is still pending is posted when that delivery is handled again.
    const rows = await this.sql.all<BatchRow>(
      `SELECT * FROM batches WHERE status = 'proposed' AND message_ts IS NULL
       AND (delivery_id IS NULL OR delivery_id NOT IN (SELECT id FROM webhook_deliveries WHERE status = 'pending')) ORDER BY id`,
    );
    return Promise.all(rows.map((r) => this.toBatch(this.sql, r)));
  }

  async running(): Promise<Batch[]> {
    const rows = await this.sql.all<BatchRow>("SELECT * FROM batches WHERE status = 'running' ORDER BY id");
    return Promise.all(rows.map((r) => this.toBatch(this.sql, r)));
  }

  private async read(sql: PgSql, id: number, o: { forUpdate?: boolean } = {}): Promise<Batch | undefined> {
    const row = await sql.get<BatchRow>(`SELECT * FROM batches WHERE id = ?${o.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return row && this.toBatch(sql, row);
  }

  private async toBatch(sql: PgSql, row: BatchRow): Promise<Batch> {
    return toBatch(row, await sql.all<Approval>('SELECT "user", at FROM approvals WHERE batch_id = ? AND voided_at IS NULL ORDER BY id', [row.id]));
  }

  /** Every write of a status comes through here, and only along a move the train machine allows. */
  private async setStatus(sql: PgSql, batch: Batch, to: BatchStatus, actor: string, reason: string, approvedBy?: string): Promise<Batch> {
    assertBatchMove(batch.status, to);
    await sql.run('UPDATE batches SET status = ?, approved_by = COALESCE(?, approved_by), updated_at = ? WHERE id = ?', [
      to,
      approvedBy ?? null,
      this.now().toISOString(),
      batch.id,
    ]);
    await new PgAuditLog(sql, this.now).append(batchMoved(batch, to, actor, reason));
    return (await this.read(sql, batch.id))!;
  }
}

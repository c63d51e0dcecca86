import { randomUUID } from 'node:crypto';
import type { OutboxBacklog, OutboxQueue, OutboxRow } from '../../slack/outbox-queue.js';
import type { Outbox, OwedMessage, TsRecord } from '../../workflows/ports/outbox.js';
import { type OutboxTableRow, RECORD_TS_SQL, toOutboxRow } from '../outbox-row.js';
import type { PgSql } from './pg-sql.js';

/**
 * The Slack outbox on PostgreSQL (DESIGN.md §6): owed by the use cases (`Outbox`), sent by the
 * sender (`OutboxQueue`), as the SQLite `OutboxStore` does, method for method.
 *
 * There is no `onOwed` here: an owe inside a unit of work is not visible to the sender until
 * the unit commits, and another replica's owing is never seen in this process, so a sender on
 * PostgreSQL polls (`OutboxSender`'s `pollMs`) rather than waiting to be woken.
 */
/** The channel a replica LISTENs on to hear that something was owed. */
export const OWED_CHANNEL = 'release_bot_owed';

export class PgOutboxStore implements Outbox, OutboxQueue {
  constructor(
    private readonly sql: PgSql,
    private readonly now: () => Date,
  ) {}

  /**
   * Owes a message. A post with a key already owed changes nothing; an update joins a pending
   * update of the same message (it takes the newest content), since only the last one shows.
   */
  owe(m: OwedMessage): Promise<string> {
    return this.sql.atomic(async (sql) => {
      const at = this.now().toISOString();
      // Every replica listening hears it when the transaction commits (not before, and never if it rolls back):
      // the replica that sends the outbox looks at once. https://www.postgresql.org/docs/15/sql-notify.html
      await sql.run(`SELECT pg_notify('${OWED_CHANNEL}', '')`);
      if (m.kind === 'update') {
        // Locked: the sender's markSent compares the revision under the same lock.
        const pending = await sql.get<{ id: number; key: string }>(
          `SELECT id, key FROM outbox WHERE status = 'pending' AND kind = 'update' AND lane = ? AND channel = ?
             AND ref_ts IS NOT DISTINCT FROM ? AND ref_key IS NOT DISTINCT FROM ? ORDER BY id LIMIT 1 FOR UPDATE`,
          [m.lane, m.channel, m.refTs ?? null, m.refKey ?? null],
        );
        if (pending) {
          await sql.run('UPDATE outbox SET message = ?, revision = revision + 1 WHERE id = ?', [JSON.stringify(m.message), pending.id]);
          return pending.key;
        }
      }
      const key = m.key ?? `${m.lane}:${randomUUID()}`;
      await sql.run(
        `INSERT INTO outbox (key, lane, kind, channel, ref_ts, ref_key, message, records, not_before, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
        [key, m.lane, m.kind, m.channel, m.refTs ?? null, m.refKey ?? null, JSON.stringify(m.message), m.records ? JSON.stringify(m.records) : null, at, at],
      );
      return key;
    });
  }

  async wasOwed(key: string): Promise<boolean> {
    return (await this.sql.get('SELECT 1 FROM outbox WHERE key = ?', [key])) !== undefined;
  }

  async pending(): Promise<OutboxRow[]> {
    return (await this.sql.all<OutboxTableRow>("SELECT * FROM outbox WHERE status = 'pending' ORDER BY id")).map(toOutboxRow);
  }

  async refOf(key: string): Promise<{ ts: string } | { pending: true } | { failed: true }> {
    const row = await this.sql.get<{ status: string; ts: string | null }>('SELECT status, ts FROM outbox WHERE key = ?', [key]);
    if (row?.status === 'sent' && row.ts) return { ts: row.ts };
    if (row?.status === 'failed') return { failed: true };
    return { pending: true };
  }

  async beginAttempt(id: number): Promise<void> {
    await this.sql.run('UPDATE outbox SET in_doubt = 1, attempts = attempts + 1 WHERE id = ?', [id]);
  }

  markSent(id: number, revision: number, ts: string): Promise<void> {
    return this.sql.atomic(async (sql) => {
      const row = await sql.get<OutboxTableRow>('SELECT * FROM outbox WHERE id = ? FOR UPDATE', [id]);
      if (!row) return;
      const at = this.now().toISOString();
      if (row.revision !== revision) {
        await sql.run('UPDATE outbox SET in_doubt = 0, ts = ?, not_before = ? WHERE id = ?', [ts, at, id]);
        return;
      }
      await sql.run("UPDATE outbox SET status = 'sent', in_doubt = 0, ts = ?, error = NULL, sent_at = ? WHERE id = ?", [ts, at, id]);
      if (row.records) {
        const record = JSON.parse(row.records) as TsRecord;
        await sql.run(RECORD_TS_SQL[record.table], [ts, record.id]);
      }
    });
  }

  async retryLater(id: number, notBefore: Date, error: string, inDoubt: boolean): Promise<void> {
    await this.sql.run('UPDATE outbox SET not_before = ?, error = ?, in_doubt = ? WHERE id = ?', [notBefore.toISOString(), error, inDoubt ? 1 : 0, id]);
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.sql.run("UPDATE outbox SET status = 'failed', in_doubt = 0, error = ? WHERE id = ?", [error, id]);
  }

  async backlog(): Promise<OutboxBacklog> {
    const p = await this.sql.get<{ n: number; oldest: string | null }>("SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE status = 'pending'");
    const f = await this.sql.get<{ n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE status = 'failed'");
    const oldest = p?.oldest ?? null;
    const age = oldest ? Math.max(0, (this.now().getTime() - new Date(oldest).getTime()) / 1000) : null;
    return { pending: p?.n ?? 0, oldestAgeSeconds: age, failed: f?.n ?? 0 };
  }
}

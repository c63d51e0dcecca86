import { randomUUID } from 'node:crypto';
import type { Db } from './open-database.js';
import type { OutboxBacklog, OutboxRow } from '../slack/outbox-queue.js';
import type { OwedMessage, TsRecord } from '../workflows/ports/outbox.js';
import { type OutboxTableRow as Row, RECORD_TS_SQL, toOutboxRow as toRow } from './outbox-row.js';

export type { OwedMessage, TsRecord };

/** The Slack outbox (DESIGN.md §6): every message the bot owes, until Slack has it. */
export class OutboxStore {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** Called after a message is owed (the sender wakes; it runs after the owing transaction, since SQLite calls are synchronous). */
  onOwed(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Owes a message. A post with a key already owed changes nothing; an update joins a pending
   * update of the same message (it takes the newest content), since only the last one shows.
   */
  owe(m: OwedMessage): string {
    const key = this.insert(m);
    for (const listener of this.listeners) listener();
    return key;
  }

  private insert(m: OwedMessage): string {
    return this.db.transaction(() => {
      const at = this.now().toISOString();
      if (m.kind === 'update') {
        const pending = this.db
          .prepare("SELECT id, key FROM outbox WHERE status = 'pending' AND kind = 'update' AND lane = ? AND channel = ? AND ref_ts IS ? AND ref_key IS ?")
          .get(m.lane, m.channel, m.refTs ?? null, m.refKey ?? null) as { id: number; key: string } | undefined;
        if (pending) {
          this.db.prepare('UPDATE outbox SET message = ?, revision = revision + 1 WHERE id = ?').run(JSON.stringify(m.message), pending.id);
          return pending.key;
        }
      }
      const key = m.key ?? `${m.lane}:${randomUUID()}`;
      this.db
        .prepare(
          `INSERT OR IGNORE INTO outbox (key, lane, kind, channel, ref_ts, ref_key, message, records, not_before, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          key,
          m.lane,
          m.kind,
          m.channel,
          m.refTs ?? null,
          m.refKey ?? null,
          JSON.stringify(m.message),
          m.records ? JSON.stringify(m.records) : null,
          at,
          at,
        );
      return key;
    })();
  }

  wasOwed(key: string): boolean {
    return this.db.prepare('SELECT 1 FROM outbox WHERE key = ?').get(key) !== undefined;
  }

  pending(): OutboxRow[] {
    return (this.db.prepare("SELECT * FROM outbox WHERE status = 'pending' ORDER BY id").all() as Row[]).map(toRow);
  }

  /** The ts of a sent row, or its fate: still pending, or failed for good. */
  refOf(key: string): { ts: string } | { pending: true } | { failed: true } {
    const row = this.db.prepare('SELECT status, ts FROM outbox WHERE key = ?').get(key) as { status: string; ts: string | null } | undefined;
    if (row?.status === 'sent' && row.ts) return { ts: row.ts };
    if (row?.status === 'failed') return { failed: true };
    return { pending: true };
  }

  /** Written before each call to Slack: if no answer is ever recorded, the next attempt looks before it sends. */
  beginAttempt(id: number): void {
    this.db.prepare('UPDATE outbox SET in_doubt = 1, attempts = attempts + 1 WHERE id = ?').run(id);
  }

  /** Sent: the ts is recorded where it belongs. An update whose content changed meanwhile stays pending, to send the newer one. */
  markSent(id: number, revision: number, ts: string): void {
    this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
      if (!row) return;
      const at = this.now().toISOString();
      if (row.revision !== revision) {
        this.db.prepare('UPDATE outbox SET in_doubt = 0, ts = ?, not_before = ? WHERE id = ?').run(ts, at, id);
        return;
      }
      this.db.prepare("UPDATE outbox SET status = 'sent', in_doubt = 0, ts = ?, error = NULL, sent_at = ? WHERE id = ?").run(ts, at, id);
      if (row.records) {
        const record = JSON.parse(row.records) as TsRecord;
        this.db.prepare(RECORD_TS_SQL[record.table]).run(ts, record.id);
      }
    })();
  }

  /** Not sent this time; `inDoubt` when Slack may have posted it all the same. */
  retryLater(id: number, notBefore: Date, error: string, inDoubt: boolean): void {
    this.db.prepare('UPDATE outbox SET not_before = ?, error = ?, in_doubt = ? WHERE id = ?').run(notBefore.toISOString(), error, inDoubt ? 1 : 0, id);
  }

  /** Slack refused it for a reason sending again cannot fix; kept, with the reason, for the operator. */
  markFailed(id: number, error: string): void {
    this.db.prepare("UPDATE outbox SET status = 'failed', in_doubt = 0, error = ? WHERE id = ?").run(error, id);
  }

  /** The backlog for /healthz and metrics: pending rows and the age of the oldest. */
  backlog(): OutboxBacklog {
    const p = this.db.prepare("SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE status = 'pending'").get() as {
      n: number;
      oldest: string | null;
    };
    const f = this.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status = 'failed'").get() as { n: number };
    const age = p.oldest ? Math.max(0, (this.now().getTime() - new Date(p.oldest).getTime()) / 1000) : null;
    return { pending: p.n, oldestAgeSeconds: age, failed: f.n };
  }
}

import type { OutboxQueue } from '../../slack/outbox-queue.js';
import type { Records } from '../../workflows/ports/records.js';
import { migratePg } from './pg-migrate.js';
import { BotError } from '../../errors.js';
import { PgAuditLog } from './pg-audit-log.js';
import { PgOutboxStore } from './pg-outbox-store.js';
import { pgParts } from './pg-parts.js';
import { openPool, pgSql, transaction } from './pg-sql.js';
import { pgWriteBudget, type SharedWriteBudget, type WriteWindow } from './pg-write-budget.js';

/** The records port on PostgreSQL, and what the composition root needs besides. */
export interface PgRecords extends Records {
  /** the audit as the metrics read it (each call on its own, outside any unit of work) */
  auditLog: PgAuditLog;
  /** the outbox as its sender reads it (each call on its own, outside any unit of work) */
  outboxQueue: OutboxQueue;
  /** true when the database answers a query */
  ping(): Promise<boolean>;
  /** true when the database takes a write */
  writable(): Promise<boolean>;
  close(): Promise<void>;
  /** Empties every table (tests only: a contract test starts from nothing). */
  truncateAll(): Promise<void>;
  /** GitHub's write limits as one budget for every replica of the organisation */
  writeBudget(replica: string, windows: WriteWindow[]): SharedWriteBudget;
}

export interface PgOptions {
  now?: () => Date;
  /** connections in the pool */
  poolSize?: number;
  /** the replica these records write for: it names the connections, and with them the audit entries written */
  replicaId?: string;
}

/** Connects, migrates (under a lock: replicas starting together take turns) and opens the records. */
export async function openPgRecords(url: string, o: PgOptions = {}): Promise<PgRecords> {
  const now = o.now ?? (() => new Date());
  const pool = openPool(url, o.poolSize, o.replicaId);
  try {
    await migratePg(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw unusable(url, error);
  }
  const sql = pgSql(pool);
  return {
    ...pgParts(sql, now),
    transaction: (work) => transaction(pool, (tx) => work(pgParts(tx, now))),
    outboxQueue: new PgOutboxStore(sql, now),
    ping: async () => {
      try {
        return (await sql.get<{ one: number }>('SELECT 1 AS one'))?.one === 1;
      } catch {
        return false;
      }
    },
    writable: async () => {
      try {
        await sql.run('INSERT INTO health_check (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at', [now().toISOString()]);
        return true;
      } catch {
        return false;
      }
    },
    auditLog: new PgAuditLog(sql, now),
    close: () => pool.end(),
    writeBudget: (replica, windows) => pgWriteBudget(pool, replica, windows),
    truncateAll: async () => {
      const tables = await sql.all<{ name: string }>(
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'",
      );
      // The audit log refuses deletes row by row; TRUNCATE is not a delete.
      await sql.run(`TRUNCATE ${tables.map((t) => `"${t.name}"`).join(', ')} RESTART IDENTITY CASCADE`);
    },
  };
}

/** A database that cannot be reached, or refuses us, said in words a person can act on (never the password). */
export function unusable(url: string, error: unknown): unknown {
  if (error instanceof BotError) return error;
  const u = new URL(url);
  const e = error as { code?: string; message?: string };
  const reason = e.code === '28P01' ? 'the password was refused' : e.code === '3D000' ? 'no such database' : (e.code ?? e.message ?? String(error));
  return new BotError('database_unreachable', { where: `${u.hostname}:${u.port || 5432}${u.pathname}`, reason }, { cause: error });
}

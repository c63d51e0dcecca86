import type { AuditReader } from '../metrics/audit-metrics.js';
import type { OutboxQueue } from '../slack/outbox-queue.js';
import type { Claims } from '../workflows/ports/claims.js';
import type { Records } from '../workflows/ports/records.js';
import { asyncRecords } from './async-records.js';
import { sqliteOutboxQueue } from './sqlite-outbox-queue.js';
import { openStore, type Store } from './store.js';
import { quietCheckpoints } from './quiet-checkpoints.js';
import { soleReplica } from '../workflows/ports/claims.js';

/** The database as the composition root uses it, SQLite or PostgreSQL alike. */
export interface Database {
  kind: 'sqlite' | 'postgresql';
  records: Records;
  /** the outbox's sending side, for its one sender */
  outboxQueue: OutboxQueue;
  /** the audit as the metrics read it, and the last entry when the bot started */
  audit: AuditReader & { lastId(): Promise<number> };
  /** true when the database takes a write (/healthz) */
  writable(): Promise<boolean>;
  /** Calls `listener` when a message is owed: in this process, and on PostgreSQL in every replica. */
  onOwed(listener: () => void): void;
  /** one replica at a time for each durable unit of work; SQLite's single process holds them all */
  claims: Claims;
  /** the SQLite store itself (tests and the sandbox read it); absent on PostgreSQL */
  sqlite?: Store;
  close(): Promise<void>;
}

/** The SQLite file at `path`: one process, the default and the sandbox's. */
export function openSqliteDatabase(path: string): Database {
  // Checkpoints wait for a quiet intake (quiet-checkpoints.ts); 10,000 pages (40 MB) bound the log meanwhile.
  const store = openStore(path, undefined, { checkpointPages: 10_000 });
  const records = asyncRecords(store);
  const checkpoints = quietCheckpoints({
    lastStoredAt: () => store.deliveries.lastStoredAt,
    checkpoint: () => records.between(() => store.checkpoint()),
    quietMs: 500,
    maxDelayMs: 30_000,
  });
  return {
    kind: 'sqlite',
    records,
    // In the records' turn, between units of work: a row owed by a unit still open (and perhaps
    // rolled back) is never read, let alone sent (the connection is shared, so it would be visible).
    outboxQueue: sqliteOutboxQueue(store.outbox, records.between),
    // Read in the records' turn too, so an entry of a step still in its transaction is never counted.
    audit: {
      after: (id) => records.between(() => store.audit.after(id)),
      of: (subjectType, subjectId) => records.between(() => store.audit.entries({ subjectType, subjectId })),
      lastId: () => records.between(() => store.audit.lastId()),
    },
    writable: () => records.between(() => store.writable()),
    onOwed: (listener) => void store.outbox.onOwed(listener),
    claims: soleReplica,
    sqlite: store,
    close: async () => {
      checkpoints.stop();
      store.close();
    },
  };
}

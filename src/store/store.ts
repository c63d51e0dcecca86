import { openDatabase } from './open-database.js';
import { migrate } from './migrate.js';
import { AuditLog } from './audit-log.js';
import { DeliveryStore } from './delivery-store.js';
import { ReleaseStore } from './release-store.js';
import { BatchStore } from './batch-store.js';
import { RolloutStore } from './rollout-store.js';
import { RolloutDeploymentStore } from './rollout-deployment-store.js';
import { OutboxStore } from './outbox-store.js';
import { InsightStore } from './insight-store.js';
import { FreezeStore } from './freeze-store.js';

/** The store the workflows use. better-sqlite3 stays inside `src/store/`. */
export interface Store {
  deliveries: DeliveryStore;
  releases: ReleaseStore;
  batches: BatchStore;
  rollouts: RolloutStore;
  rolloutDeployments: RolloutDeploymentStore;
  audit: AuditLog;
  outbox: OutboxStore;
  insights: InsightStore;
  freezes: FreezeStore;
  /** Runs `f` in one transaction: a status change and the messages it owes are written together, or neither. */
  atomically<T>(f: () => T): T;
  /** A transaction held across awaits, for the async records (`async-records.ts`), which let nothing else in meanwhile. */
  begin(): void;
  commit(): void;
  rollback(): void;
  /** Copies the write-ahead log into the database file as far as no reader needs it (a passive checkpoint). */
  checkpoint(): void;
  /** true when the database answers a query */
  ping(): boolean;
  /** true when the database takes a write (a full disk or a read-only file says no) */
  writable(): boolean;
  close(): void;
}

/** `checkpointPages`: the write-ahead log's size, in pages, at which a commit checkpoints (SQLite's default is 1,000). */
export function openStore(path: string, now: () => Date = () => new Date(), o: { checkpointPages?: number } = {}): Store {
  const db = openDatabase(path);
  migrate(db);
  if (o.checkpointPages !== undefined) db.pragma(`wal_autocheckpoint = ${Math.trunc(o.checkpointPages)}`);
  const audit = new AuditLog(db, now);
  const releases = new ReleaseStore(db, audit, now);
  return {
    deliveries: new DeliveryStore(db, now),
    releases,
    batches: new BatchStore(db, releases, audit, now),
    rollouts: new RolloutStore(db, audit, now),
    rolloutDeployments: new RolloutDeploymentStore(db, audit),
    audit,
    outbox: new OutboxStore(db, now),
    insights: new InsightStore(db, now),
    freezes: new FreezeStore(db, audit, now),
    atomically: <T>(f: () => T): T => db.transaction(f)(),
    begin: () => db.exec('BEGIN IMMEDIATE'),
    commit: () => db.exec('COMMIT'),
    rollback: () => {
      if (db.inTransaction) db.exec('ROLLBACK');
    },
    writable: () => {
      try {
        db.prepare('INSERT INTO health_check (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at').run(now().toISOString());
        return true;
      } catch {
        return false;
      }
    },
    checkpoint: () => void db.pragma('wal_checkpoint(PASSIVE)'),
    ping: () => {
      try {
        return db.prepare('SELECT 1 AS one').get() !== undefined;
      } catch {
        return false;
      }
    },
    close: () => db.close(),
  };
}

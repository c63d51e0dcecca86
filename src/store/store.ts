import { openDatabase } from './open-database.js';
import { migrate } from './migrate.js';
import { AuditLog } from './audit-log.js';
import { DeliveryStore } from './delivery-store.js';
import { ReleaseStore } from './release-store.js';
import { BatchStore } from './batch-store.js';
import { RolloutStore } from './rollout-store.js';

/** The store the workflows use. better-sqlite3 stays inside `src/store/`. */
export interface Store {
  deliveries: DeliveryStore;
  releases: ReleaseStore;
  batches: BatchStore;
  rollouts: RolloutStore;
  audit: AuditLog;
  /** true when the database answers a query */
  ping(): boolean;
  close(): void;
}

export function openStore(path: string, now: () => Date = () => new Date()): Store {
  const db = openDatabase(path);
  migrate(db);
  const audit = new AuditLog(db, now);
  const releases = new ReleaseStore(db, audit, now);
  return {
    deliveries: new DeliveryStore(db, now),
    releases,
    batches: new BatchStore(db, releases, audit, now),
    rollouts: new RolloutStore(db, audit, now),
    audit,
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

import type { AuditTrail } from './audit-trail.js';
import type { BatchRecords } from './batch-records.js';
import type { DeliveryRecords } from './delivery-records.js';
import type { Outbox } from './outbox.js';
import type { InsightRecords } from './insight-records.js';
import type { ReleaseRecords } from './release-records.js';
import type { RolloutRecords } from './rollout-records.js';
import type { RolloutDeploymentRecords } from './rollout-deployment-records.js';
import type { FreezeRecords } from './freeze-records.js';

/**
 * The durable records the use cases keep (SQLite today; PostgreSQL can stand behind the same
 * promises). `transaction` runs `work` as one unit: a status change and the messages it owes
 * are written together, or neither; inside it, use `tx`, never the outer records.
 */
export interface Records {
  releases: ReleaseRecords;
  batches: BatchRecords;
  rollouts: RolloutRecords;
  rolloutDeployments: RolloutDeploymentRecords;
  deliveries: DeliveryRecords;
  audit: AuditTrail;
  outbox: Outbox;
  insights: InsightRecords;
  freezes: FreezeRecords;
  transaction<T>(work: (tx: Omit<Records, 'transaction'>) => Promise<T>): Promise<T>;
}

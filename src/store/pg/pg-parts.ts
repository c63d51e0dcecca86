import type { Records } from '../../workflows/ports/records.js';
import { PgAuditLog } from './pg-audit-log.js';
import { PgBatchStore } from './pg-batch-store.js';
import { PgDeliveryStore } from './pg-delivery-store.js';
import { PgFreezeStore } from './pg-freeze-store.js';
import { PgInsightStore } from './pg-insight-store.js';
import { PgOutboxStore } from './pg-outbox-store.js';
import { PgReleaseStore } from './pg-release-store.js';
import { PgRolloutDeploymentStore } from './pg-rollout-deployment-store.js';
import { PgRolloutStore } from './pg-rollout-store.js';
import type { PgSql } from './pg-sql.js';

/** Every record store on one `PgSql`: the pool's (each statement on its own) or a transaction's. */
export function pgParts(sql: PgSql, now: () => Date): Omit<Records, 'transaction'> {
  return {
    deliveries: new PgDeliveryStore(sql, now),
    releases: new PgReleaseStore(sql, now),
    batches: new PgBatchStore(sql, now),
    rollouts: new PgRolloutStore(sql, now),
    rolloutDeployments: new PgRolloutDeploymentStore(sql, now),
    audit: new PgAuditLog(sql, now),
    outbox: new PgOutboxStore(sql, now),
    insights: new PgInsightStore(sql, now),
    freezes: new PgFreezeStore(sql, now),
  };
}

import type { Records } from '../../workflows/ports/records.js';
import { PgAuditLog } from './pg-audit-log.js';
import { PgDeliveryStore } from './pg-delivery-store.js';
import { PgOutboxStore } from './pg-outbox-store.js';
import { PgReleaseStore } from './pg-release-store.js';
import type { PgSql } from './pg-sql.js';

/** Every record store on one `PgSql`: the pool's (each statement on its own) or a transaction's. */
export function pgParts(sql: PgSql, now: () => Date): Omit<Records, 'transaction'> {
  return {
    deliveries: new PgDeliveryStore(sql, now),
    // TODO(helpers): each store below gets its PostgreSQL class.
    releases: new PgReleaseStore(sql, now),
    batches: notYet('batches'),
    rollouts: notYet('rollouts'),
    rolloutDeployments: notYet('rolloutDeployments'),
    audit: new PgAuditLog(sql, now),
    outbox: new PgOutboxStore(sql, now),
    insights: notYet('insights'),
    freezes: notYet('freezes'),
  };
}

function notYet<T>(name: string): T {
  return new Proxy({}, { get: () => () => Promise.reject(new Error(`${name} is not on PostgreSQL yet`)) }) as T;
}

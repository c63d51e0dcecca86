import type { Database } from '../database.js';
import { openPgClaims } from './pg-claims.js';
import { OWED_CHANNEL } from './pg-outbox-store.js';
import { openPgRecords, unusable } from './pg-records.js';
import type { SharedWriteBudget, WriteWindow } from './pg-write-budget.js';

export interface PgDatabaseOptions {
  /** names this replica in the write budget */
  replicaId: string;
  /** the claims' connection was lost: every claim with it (the composition root stops the process) */
  onLost: (error: Error) => void;
  /** GitHub's write limits, shared by the replicas */
  writeWindows: WriteWindow[];
}

/** PostgreSQL: migrated under a lock, claims on a connection of the replica's own, the write budget shared. */
export async function openPgDatabase(url: string, o: PgDatabaseOptions): Promise<Database & { kind: 'postgresql'; writeBudget: SharedWriteBudget }> {
  const records = await openPgRecords(url, { replicaId: o.replicaId });
  let claims: Awaited<ReturnType<typeof openPgClaims>>;
  try {
    claims = await openPgClaims(url, o.onLost);
  } catch (error) {
    await records.close();
    throw unusable(url, error);
  }
  const owed = new Set<() => void>();
  await claims.listen(OWED_CHANNEL, () => {
    for (const listener of owed) listener();
  });
  const audit = records.auditLog;
  return {
    kind: 'postgresql',
    records,
    outboxQueue: records.outboxQueue,
    audit: {
      // Each replica counts what it wrote: the sum over the replicas counts every entry once.
      after: (id) => audit.ownAfter(id),
      of: (subjectType, subjectId) => audit.entries({ subjectType, subjectId }),
      lastId: () => audit.lastId(),
    },
    writable: () => records.writable(),
    onOwed: (listener) => void owed.add(listener),
    claims,
    writeBudget: records.writeBudget(o.replicaId, o.writeWindows),
    close: async () => {
      await claims.close();
      await records.close();
    },
  };
}

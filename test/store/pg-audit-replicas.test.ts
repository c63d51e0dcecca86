import { afterAll, describe, expect, it } from 'vitest';
import { makeBotMetrics } from '../../src/metrics/bot-metrics.js';
import { openPgDatabase } from '../../src/store/pg/pg-database.js';
import type { AuditEntry } from '../../src/workflows/ports/audit-trail.js';
import { freshPgDatabase, PG_URL, type PgDatabase } from '../support/use-pg-database.js';

describe.skipIf(!PG_URL)(`the audit as each replica's metrics read it${PG_URL ? '' : ': SKIPPED, PostgreSQL is not installed'}`, () => {
  let db: PgDatabase | undefined;
  afterAll(async () => db?.drop());

  it('counts what each replica did: summed over the replicas, every release once', async () => {
    db = await freshPgDatabase();
    const open = (replicaId: string) => openPgDatabase(db!.url, { replicaId, onLost: () => {}, writeWindows: [{ max: 80, windowMs: 60_000 }] });
    const replicas = [await open('replica-a'), await open('replica-b'), await open('replica-c')];
    try {
      const metrics = replicas.map((r) => makeBotMetrics({ outboxPending: () => 0, audit: r.audit, auditLastId: 0 }));
      const skipped = (id: number): AuditEntry => ({
        actor: 'bot',
        subjectType: 'release',
        subjectId: String(id),
        action: 'skipped',
        fromStatus: 'proposed',
        toStatus: 'skipped',
        reason: null,
      });
      // Replica a skips 3 releases, b skips 2, c none; a's through units of work, as the stores write them.
      for (let i = 1; i <= 3; i++) await replicas[0]!.records.transaction((tx) => tx.audit.append(skipped(i)));
      for (let i = 4; i <= 5; i++) await replicas[1]!.records.audit.append(skipped(i));
      const counted = await Promise.all(metrics.map(async (m) => (await m.releases.get()).values.find((v) => v.labels.status === 'skipped')?.value ?? 0));
      expect(counted).toEqual([3, 2, 0]);
      expect((await replicas[1]!.audit.after(0)).map((e) => e.subjectId)).toEqual(['4', '5']);
    } finally {
      for (const r of replicas) await r.close();
    }
  });
});

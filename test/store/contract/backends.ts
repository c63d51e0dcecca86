import { afterAll, describe } from 'vitest';
import type { OutboxQueue } from '../../../src/slack/outbox-queue.js';
import { asyncRecords } from '../../../src/store/async-records.js';
import { sqliteOutboxQueue } from '../../../src/store/sqlite-outbox-queue.js';
import { openStore } from '../../../src/store/store.js';
import { openPgRecords, type PgRecords } from '../../../src/store/pg/pg-records.js';
import type { Records } from '../../../src/workflows/ports/records.js';
import { freshPgDatabase, PG_URL, type PgDatabase } from '../../support/use-pg-database.js';

/** The records under test and the clock they stamp with (a test moves `at`). */
export interface Backend {
  records: Records;
  /** the outbox's sending side, as the composition root gives it to the sender */
  outboxQueue: OutboxQueue;
  clock: { at: Date };
}

/**
 * Runs the same contract against both stores: SQLite (a fresh in-memory database per call) and
 * PostgreSQL (a fresh database per file, emptied per call). Without PostgreSQL its half is
 * skipped, and says so in the test name.
 */
export function bothStores(name: string, body: (fresh: () => Promise<Backend>) => void): void {
  describe(`${name} (SQLite)`, () => {
    body(async () => {
      const clock = { at: new Date('2026-06-01T10:00:00Z') };
      const store = openStore(':memory:', () => clock.at);
      afterAll(() => store.close());
      return { records: asyncRecords(store), outboxQueue: sqliteOutboxQueue(store.outbox), clock };
    });
  });
  describe.skipIf(!PG_URL)(`${name} (PostgreSQL${PG_URL ? '' : ': SKIPPED, not installed'})`, () => {
    let db: Promise<PgDatabase> | undefined;
    const opened: PgRecords[] = [];
    afterAll(async () => {
      for (const r of opened) await r.close();
      await (await db)?.drop();
    });
    body(async () => {
      db ??= freshPgDatabase();
      const clock = { at: new Date('2026-06-01T10:00:00Z') };
      const records = await openPgRecords((await db).url, { now: () => clock.at });
      opened.push(records);
      await records.truncateAll();
      return { records, outboxQueue: records.outboxQueue, clock };
    });
  });
}

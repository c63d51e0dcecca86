import pg from 'pg';
import { afterAll, describe } from 'vitest';
import type { OutboxQueue } from '../../../src/slack/outbox-queue.js';
import { asyncRecords } from '../../../src/store/async-records.js';
import { sqliteOutboxQueue } from '../../../src/store/sqlite-outbox-queue.js';
import { openStore } from '../../../src/store/store.js';
import { openPgRecords, type PgRecords } from '../../../src/store/pg/pg-records.js';
import type { AuditEntry } from '../../../src/workflows/ports/audit-trail.js';
import type { Records } from '../../../src/workflows/ports/records.js';
import { freshPgDatabase, PG_URL, type PgDatabase } from '../../support/use-pg-database.js';

/** The records under test and the clock they stamp with (a test moves `at`). */
export interface Backend {
  records: Records;
  /** the outbox's sending side, as the composition root gives it to the sender */
  outboxQueue: OutboxQueue;
  clock: { at: Date };
  /** the audit log as written, oldest first (the port only appends: a test reads it here) */
  audit(filter?: { subjectType?: string; subjectId?: string }): Promise<AuditEntry[]>;
}

const AUDIT = `SELECT actor, subject_type AS "subjectType", subject_id AS "subjectId", action, from_status AS "fromStatus", to_status AS "toStatus", reason
  FROM audit_log WHERE ($1::text IS NULL OR subject_type = $1) AND ($2::text IS NULL OR subject_id = $2) ORDER BY id`;

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
      const audit = async (f: { subjectType?: string; subjectId?: string } = {}) => store.audit.entries(f).map(({ id: _, at: __, ...e }) => e);
      return { records: asyncRecords(store), outboxQueue: sqliteOutboxQueue(store.outbox), clock, audit };
    });
  });
  describe.skipIf(!PG_URL)(`${name} (PostgreSQL${PG_URL ? '' : ': SKIPPED, not installed'})`, () => {
    let db: Promise<PgDatabase> | undefined;
    let reader: pg.Pool | undefined;
    const opened: PgRecords[] = [];
    afterAll(async () => {
      for (const r of opened) await r.close();
      await reader?.end();
      await (await db)?.drop();
    });
    body(async () => {
      db ??= freshPgDatabase();
      const clock = { at: new Date('2026-06-01T10:00:00Z') };
      const records = await openPgRecords((await db).url, { now: () => clock.at });
      opened.push(records);
      await records.truncateAll();
      reader ??= new pg.Pool({ connectionString: (await db).url, max: 1 });
      const pool = reader;
      const audit = async (f: { subjectType?: string; subjectId?: string } = {}) =>
        (await pool.query<AuditEntry>(AUDIT, [f.subjectType ?? null, f.subjectId ?? null])).rows;
      return { records, outboxQueue: records.outboxQueue, clock, audit };
    });
  });
}

/**
 * Opens a few of the pool's connections before a race, so that the racing calls start together
 * (otherwise the first runs on the one open connection while the second waits for a new one).
 */
export async function warm(records: Records): Promise<void> {
  await Promise.all(Array.from({ length: 4 }, () => records.transaction(async (tx) => tx.freezes.active())));
}

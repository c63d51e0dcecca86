import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgRecords } from '../../src/store/pg/pg-records.js';
import { freshPgDatabase, PG_URL, type PgDatabase } from '../support/use-pg-database.js';

describe.skipIf(!PG_URL)(`PostgreSQL migrations${PG_URL ? '' : ': SKIPPED, PostgreSQL is not installed'}`, () => {
  let db: PgDatabase | undefined;
  afterAll(async () => db?.drop());

  it('are applied once when three replicas start together on an empty database, and refused when the database is ahead', async () => {
    db = await freshPgDatabase();
    const url = db.url;
    const opened = await Promise.all([openPgRecords(url), openPgRecords(url), openPgRecords(url)]);
    const client = new pg.Client(url);
    await client.connect();
    try {
      const versions = (await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
      expect(versions).toEqual([1, 2]);
      expect(await opened[0]!.writable()).toBe(true);
      await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_from_the_future.sql', 'now')");
      await expect(openPgRecords(url)).rejects.toThrow(/newer release-bot/);
    } finally {
      await client.end();
      for (const r of opened) await r.close();
    }
  });
});

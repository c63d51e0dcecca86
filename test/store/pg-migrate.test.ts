import { readdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgRecords } from '../../src/store/pg/pg-records.js';
import { PG_MIGRATIONS_DIR } from '../../src/store/pg/pg-migrate.js';
import { freshPgDatabase, PG_URL, type PgDatabase } from '../support/use-pg-database.js';

describe.skipIf(!PG_URL)(`PostgreSQL migrations${PG_URL ? '' : ': SKIPPED, PostgreSQL is not installed'}`, () => {
  let db: PgDatabase | undefined;
  afterAll(async () => db?.drop());

  it('say what is wrong, without the password, when the database cannot be used', async () => {
    const missing = new URL(PG_URL);
    missing.pathname = '/no_such_database';
    missing.password = 'hunter2';
    const error = await openPgRecords(missing.toString()).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error?.code).toBe('database_unreachable');
    expect(error?.message).toBe(`PostgreSQL at 127.0.0.1:${missing.port}/no_such_database could not be used (no such database)`);
    expect(error?.message).not.toContain('hunter2');
    const refused = await openPgRecords('postgres://bot:pw@127.0.0.1:1/x').then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(refused?.message).toBe('PostgreSQL at 127.0.0.1:1/x could not be used (ECONNREFUSED)');
  });

  it('are applied once when three replicas start together on an empty database, and refused when the database is ahead', async () => {
    db = await freshPgDatabase();
    const url = db.url;
    const opened = await Promise.all([openPgRecords(url), openPgRecords(url), openPgRecords(url)]);
    const client = new pg.Client(url);
    await client.connect();
    try {
      const versions = (await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
      // every file of migrations-pg/, each once
      const files = readdirSync(PG_MIGRATIONS_DIR).filter((f) => /^\d{4}_.*\.sql$/.test(f));
      expect(files.length).toBeGreaterThanOrEqual(3);
      expect(versions).toEqual(files.map((f) => Number(f.slice(0, 4))).sort((a, b) => a - b));
      expect(await opened[0]!.writable()).toBe(true);
      await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_from_the_future.sql', 'now')");
      await expect(openPgRecords(url)).rejects.toThrow(/newer release-bot/);
    } finally {
      await client.end();
      for (const r of opened) await r.close();
    }
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { BotError } from '../../errors.js';

export const PG_MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations-pg/', import.meta.url));

/** Any number, the same in every replica: two replicas starting together take turns. */
const MIGRATION_LOCK = 7_310_245_118;

/**
 * Applies the PostgreSQL migrations the database has not seen, in order, each in its own
 * transaction, under an advisory lock held for the whole run: replicas starting together wait
 * for the first, then find nothing left to do. A database migrated by a newer bot is refused.
 */
export async function migratePg(pool: pg.Pool, dir = PG_MIGRATIONS_DIR): Promise<{ applied: string[] }> {
  const migrations = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
  const lock = await pool.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await lock.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const done = new Set((await lock.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const newest = migrations.at(-1)?.version ?? 0;
    const ahead = [...done].filter((v) => v > newest);
    if (ahead.length > 0) throw new BotError('database_ahead', { versions: ahead });
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      // On the locking connection, as written (several statements, no placeholders).
      await lock.query('BEGIN');
      try {
        await lock.query(m.sql);
        await lock.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
        await lock.query('COMMIT');
      } catch (error) {
        await lock.query('ROLLBACK');
        throw error;
      }
      applied.push(m.name);
    }
    return { applied };
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    lock.release();
  }
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The run's PostgreSQL cluster ('' when it is not installed: the caller's tests skip). */
export const PG_URL = inject('pgUrl');

export interface PgDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database in the run's cluster; `drop()` removes it (connections and all). */
export async function freshPgDatabase(): Promise<PgDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client(PG_URL);
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

import pg from 'pg';

export type SqlParam = string | number | boolean | null;

/**
 * The PostgreSQL stores' one way to the database. Statements are written with `?` placeholders,
 * as the SQLite stores write them, and numbered (`$1`, `$2`…) here. Inside `atomic` every
 * statement runs on one connection in one transaction; outside, each runs on its own.
 */
export interface PgSql {
  all<T>(text: string, params?: readonly SqlParam[]): Promise<T[]>;
  get<T>(text: string, params?: readonly SqlParam[]): Promise<T | undefined>;
  /** how many rows the statement changed */
  run(text: string, params?: readonly SqlParam[]): Promise<number>;
  /** `f` in one transaction: the one already open, or a new one committed when `f` resolves (rolled back when it throws) */
  atomic<T>(f: (sql: PgSql) => Promise<T>): Promise<T>;
  /** true inside a transaction */
  readonly inTransaction: boolean;
}

// BIGINT (release ids, deployment ids, COUNT(*)) as a number: every value the bot keeps fits in 2^53.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * `replica`: the replica these connections work for. It is their `release_bot.replica` setting
 * (the audit's entries carry it; set first on each new connection, whose queries run in turn)
 * and their application_name, which pg_stat_activity shows (a DATABASE_URL's own wins).
 */
export function openPool(url: string, max = 10, replica?: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types, ...(replica ? { application_name: replica.slice(0, 63) } : {}) });
  if (replica) pool.on('connect', (client) => void client.query('SELECT set_config($1, $2, false)', ['release_bot.replica', replica]).catch(() => undefined));
  // An idle connection the server closed is an error event on the pool: dropped, and the next query opens another.
  pool.on('error', () => {});
  return pool;
}

const numbered = new Map<string, string>();

/** `?` → `$n`, outside quoted strings and identifiers. */
export function numberPlaceholders(text: string): string {
  const cached = numbered.get(text);
  if (cached !== undefined) return cached;
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      n += 1;
      out += `$${n}`;
    } else out += ch;
  }
  numbered.set(text, out);
  return out;
}

type Client = pg.Pool | pg.PoolClient;

function on(client: Client, inTransaction: boolean, pool: pg.Pool): PgSql {
  const query = (text: string, params: readonly SqlParam[] = []) => client.query(numberPlaceholders(text), params as SqlParam[]);
  const self: PgSql = {
    inTransaction,
    all: async <T>(text: string, params?: readonly SqlParam[]) => (await query(text, params)).rows as T[],
    get: async <T>(text: string, params?: readonly SqlParam[]) => (await query(text, params)).rows[0] as T | undefined,
    run: async (text, params) => (await query(text, params)).rowCount ?? 0,
    atomic: async (f) => (inTransaction ? f(self) : transaction(pool, f)),
  };
  return self;
}

/** Statements on the pool, each on its own (autocommit). */
export function pgSql(pool: pg.Pool): PgSql {
  return on(pool, false, pool);
}

/** `f` on one connection in one transaction. */
export async function transaction<T>(pool: pg.Pool, f: (sql: PgSql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await f(on(client, true, pool));
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
      client.release();
    } catch {
      // The connection broke: it is not given back to the pool.
      client.release(true);
    }
    throw error;
  }
}

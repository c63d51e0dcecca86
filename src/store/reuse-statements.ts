import type Database from 'better-sqlite3';

/**
 * Makes `db.prepare(sql)` return one statement per SQL text, prepared once.
 *
 * better-sqlite3 finalizes a statement only when V8 collects its JavaScript wrapper, and V8 does
 * not see the native memory behind it: a statement prepared on every call piles up in malloc's
 * heap between collections (55 MB of the bot's 185 MB peak in `npm run bench`'s 500-connector
 * train). Safe here because the stores never switch a statement's mode (`pluck`, `raw`, `expand`)
 * and never hold an `iterate()` open across another use of the same SQL. SQL texts are constants
 * in the stores; past `MAX_KEPT` distinct texts (SQL built from data would be a bug) the rest are
 * prepared per call as before, so the cache can never grow without bound.
 */
const MAX_KEPT = 500;

export function reuseStatements(db: Database.Database): void {
  const prepare = db.prepare.bind(db);
  const prepared = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = prepared.get(sql);
    if (!statement) {
      statement = prepare(sql);
      if (prepared.size < MAX_KEPT) prepared.set(sql, statement);
    }
    return statement;
  }) as Database.Database['prepare'];
}

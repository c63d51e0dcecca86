import { afterAll, describe, expect, it } from 'vitest';
import { openPgRecords } from '../../src/store/pg/pg-records.js';
import { openPool } from '../../src/store/pg/pg-sql.js';
import { pgWriteBudget } from '../../src/store/pg/pg-write-budget.js';
import { freshPgDatabase, PG_URL, type PgDatabase } from '../support/use-pg-database.js';

describe.skipIf(!PG_URL)(`the GitHub write budget shared by replicas${PG_URL ? '' : ': SKIPPED, PostgreSQL is not installed'}`, () => {
  let db: PgDatabase | undefined;
  afterAll(async () => db?.drop());

  it('lets at most max writes through in any window, whichever replica makes them', async () => {
    db = await freshPgDatabase();
    // migrated as the bot migrates it
    await (await openPgRecords(db.url)).close();
    const pools = [openPool(db.url, 2), openPool(db.url, 2), openPool(db.url, 2)];
    const windowMs = 400;
    const budgets = pools.map((pool, i) => pgWriteBudget(pool, `replica-${i + 1}`, [{ max: 4, windowMs }]));
    const sent: number[] = [];
    const start = Date.now();
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const done = await budgets[i % 3]!.acquire();
        sent.push(Date.now() - start);
        await new Promise((r) => setTimeout(r, 5));
        done();
      }),
    );
    for (const p of pools) await p.end();
    sent.sort((a, b) => a - b);
    expect(sent).toHaveLength(12);
    // 12 writes at 4 a window: three windows, so the last leaves at least two windows after the first
    expect(sent[11]! - sent[0]!).toBeGreaterThanOrEqual(2 * windowMs);
    for (let i = 0; i + 4 < sent.length; i++) expect(sent[i + 4]! - sent[i]!, `writes ${i + 1}–${i + 5}`).toBeGreaterThanOrEqual(windowMs);
  });
});

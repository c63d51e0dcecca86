import type pg from 'pg';
import { transaction } from './pg-sql.js';

/** One budget of GitHub writes for every replica: at most `max` in any `windowMs`, per window. */
export interface SharedWriteBudget {
  /** Waits for a slot in every window; call the function it returns once the request is answered. */
  acquire(): Promise<() => void>;
}

export interface WriteWindow {
  max: number;
  windowMs: number;
}

/** Any number, the same in every replica: writes are counted one replica at a time. */
const BUDGET_LOCK = 7_310_245_119;
/** A write whose replica died before it was answered stops counting after this long. */
const IN_FLIGHT_MS = 120_000;

/**
 * GitHub's write limits shared through PostgreSQL (DESIGN.md §7, several replicas): a write is
 * counted from when it leaves until `windowMs` after its answer, as the in-process pacer counts it,
 * so three replicas together stay under the organisation's 80 a minute and 500 an hour.
 */
export function pgWriteBudget(pool: pg.Pool, replica: string, windows: WriteWindow[], now: () => number = Date.now): SharedWriteBudget {
  let prunedAt = 0;
  const tryTake = () =>
    transaction(pool, async (sql) => {
      await sql.run('SELECT pg_advisory_xact_lock(?)', [BUDGET_LOCK]);
      const t = now();
      if (t - prunedAt > 60_000) {
        prunedAt = t;
        const oldest = Math.max(...windows.map((w) => w.windowMs));
        await sql.run('DELETE FROM github_writes WHERE answered_at < ? OR (answered_at IS NULL AND taken_at < ?)', [t - oldest, t - IN_FLIGHT_MS]);
      }
      let waitMs = 0;
      for (const w of windows) {
        const row = await sql.get<{ n: number; first: number | null }>(
          `SELECT COUNT(*) AS n, MIN(answered_at) AS first FROM github_writes
           WHERE answered_at > ? OR (answered_at IS NULL AND taken_at > ?)`,
          [t - w.windowMs, t - IN_FLIGHT_MS],
        );
        if ((row?.n ?? 0) >= w.max) waitMs = Math.max(waitMs, row?.first ? row.first + w.windowMs - t + 1 : 250);
      }
      if (waitMs > 0) return { waitMs };
      const taken = await sql.get<{ id: number }>('INSERT INTO github_writes (replica, taken_at) VALUES (?, ?) RETURNING id', [replica, t]);
      return { id: taken!.id };
    });
  return {
    async acquire() {
      for (;;) {
        const got = await tryTake();
        if ('id' in got) {
          return () => {
            void pool.query('UPDATE github_writes SET answered_at = $1 WHERE id = $2', [now(), got.id]).catch(() => undefined);
          };
        }
        await new Promise((r) => setTimeout(r, Math.min(got.waitMs, 1000)));
      }
    },
  };
}

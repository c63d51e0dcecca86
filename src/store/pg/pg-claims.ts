import pg from 'pg';
import type { Claimed, Claims } from '../../workflows/ports/claims.js';

export interface PgClaims extends Claims {
  /** Calls `listener` whenever another process (or this one) notifies `channel` (NOTIFY), on the claims' connection. */
  listen(channel: string, listener: () => void): Promise<void>;
  close(): Promise<void>;
}

/**
 * Claims as PostgreSQL session advisory locks, all held on one connection of this replica's own:
 * when the replica dies its connection closes and PostgreSQL lets every claim go at once, with
 * no lease to tune. A session lock is re-entrant within its session, so a key held here is also
 * kept in memory and a second `hold` of it in this process is refused like another replica's.
 * https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS
 *
 * Losing that connection loses every claim while the work goes on: `onLost` is called, and the
 * composition root stops the process (an orchestrator restarts it) rather than risk a step twice.
 */
export async function openPgClaims(url: string, onLost: (error: Error) => void): Promise<PgClaims> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let closing = false;
  const lost = (error: Error) => {
    if (!closing) onLost(error);
  };
  client.on('error', lost);
  client.on('end', () => lost(new Error('the claims connection to PostgreSQL closed')));
  const held = new Set<string>();
  const listeners = new Map<string, () => void>();
  client.on('notification', (n) => listeners.get(n.channel)?.());
  // One statement at a time on this connection.
  let tail: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(f: () => Promise<T>): Promise<T> => {
    const result = tail.then(f);
    tail = result.catch(() => undefined);
    return result;
  };

  return {
    async hold<T>(key: string, work: () => Promise<T>): Promise<Claimed<T>> {
      if (held.has(key)) return { claimed: false };
      held.add(key);
      try {
        const got = await inTurn(() => client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [key]));
        if (!got.rows[0]?.ok) return { claimed: false };
        try {
          return { claimed: true, value: await work() };
        } finally {
          await inTurn(() => client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key])).catch(() => undefined);
        }
      } finally {
        held.delete(key);
      }
    },
    async listen(channel, listener) {
      listeners.set(channel, listener);
      await inTurn(() => client.query(`LISTEN ${pg.escapeIdentifier(channel)}`));
    },
    async close() {
      closing = true;
      await client.end();
    },
  };
}

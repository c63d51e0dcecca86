import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openPgClaims } from '../../src/store/pg/pg-claims.js';
import { freshPgDatabase, PG_URL, type PgDatabase } from '../support/use-pg-database.js';

describe.skipIf(!PG_URL)(`claims between replicas${PG_URL ? '' : ': SKIPPED, PostgreSQL is not installed'}`, () => {
  let db: PgDatabase | undefined;
  afterAll(async () => db?.drop());

  it('gives a key to one replica at a time, also within one process, and lets it go when the work settles or the holder dies', async () => {
    db = await freshPgDatabase();
    const lost: Error[] = [];
    const a = await openPgClaims(db.url, (e) => lost.push(e));
    const b = await openPgClaims(db.url, () => {});

    let release!: () => void;
    let started!: () => void;
    const holding = new Promise<void>((r) => (started = r));
    // the work starts once the claim is taken
    const running = a.hold('release:1', () => {
      started();
      return new Promise<string>((r) => (release = () => r('done by a')));
    });
    await holding;
    expect(await b.hold('release:1', async () => 'done by b')).toEqual({ claimed: false });
    // the same process asking again (its session lock would be re-entrant) is refused too
    expect(await a.hold('release:1', async () => 'twice')).toEqual({ claimed: false });
    expect(await b.hold('release:2', async () => 'other key')).toEqual({ claimed: true, value: 'other key' });
    release();
    expect(await running).toEqual({ claimed: true, value: 'done by a' });
    expect(await b.hold('release:1', async () => 'now b')).toEqual({ claimed: true, value: 'now b' });

    // a holds a key and dies (its connection is cut): b can take the key at once, and a is told
    let heldBatch!: () => void;
    const batchHeld = new Promise<void>((r) => (heldBatch = r));
    void a.hold('batch:7', () => {
      heldBatch();
      return new Promise(() => {});
    });
    await batchHeld;
    expect(await b.hold('batch:7', async () => 'b')).toEqual({ claimed: false });
    const admin = new pg.Client(db.url);
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()");
    await admin.end();
    // the lock goes when the dead session has ended: b asks until then, as a replica's sweep would
    let taken: Awaited<ReturnType<typeof b.hold<string>>> = { claimed: false };
    for (let i = 0; i < 100 && !taken.claimed; i++) {
      taken = await b.hold('batch:7', async () => 'taken over');
      if (!taken.claimed) await new Promise((r) => setTimeout(r, 50));
    }
    expect(taken).toEqual({ claimed: true, value: 'taken over' });
    await vi.waitFor(() => expect(lost.length).toBeGreaterThan(0));
    await b.close();
  });
});

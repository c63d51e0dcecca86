import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { quietCheckpoints } from '../../src/store/quiet-checkpoints.js';
import { openStore } from '../../src/store/store.js';
import { openSqliteDatabase } from '../../src/store/database.js';

describe('quietCheckpoints', () => {
  it('checkpoints once the intake has been quiet for quietMs, never while deliveries keep coming, but maxDelayMs after the last at most', async () => {
    let t = 0;
    let storedAt = Number.NEGATIVE_INFINITY;
    const done: number[] = [];
    const c = quietCheckpoints({
      lastStoredAt: () => storedAt,
      checkpoint: async () => void done.push(t),
      quietMs: 500,
      maxDelayMs: 30_000,
      now: () => t,
      timer: false,
    });
    try {
      // A burst: a delivery every 100 ms for 10 s.
      for (; t < 10_000; t += 100) {
        storedAt = t;
        await c.tick();
      }
      expect(done).toEqual([]);
      // Quiet (the last delivery came at 9,900): a look 500 ms after it checkpoints, not one before.
      t = 10_300;
      expect(await c.tick()).toBe(false);
      t = 10_400;
      expect(await c.tick()).toBe(true);
      expect(done).toEqual([10_400]);
      // A burst that never ends: checkpointed 30 s after the last one anyway.
      for (t = 10_600; t <= 50_000; t += 100) {
        storedAt = t;
        await c.tick();
      }
      expect(done).toEqual([10_400, 40_400]);
    } finally {
      c.stop();
    }
  });
});

describe("the store's checkpoint", () => {
  it("leaves the write-ahead log to grow past SQLite's 1,000 pages until a checkpoint, which then copies every page to the database file", () => {
    const path = join(mkdtempSync(join(tmpdir(), 'release-bot-ckpt-')), 'bot.db');
    const store = openStore(path, undefined, { checkpointPages: 10_000 });
    const payload = 'x'.repeat(3000);
    // One commit a group, as the intake's group commit makes them: about 1,500 pages of log.
    for (let i = 0; i < 1500; i++) store.deliveries.insertMany([{ id: `d-${i}`, source: 'github', event: 'push', payload }]);
    const probe = new Database(path, { readonly: true });
    try {
      const walBytes = statSync(`${path}-wal`).size;
      // SQLite's default would have checkpointed (and started the log again) at 1,000 pages: 4 MB.
      expect(walBytes).toBeGreaterThan(1500 * 4096);
      store.checkpoint();
      const [state] = probe.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      // Everything in the log is in the database file now: the probe's checkpoint has nothing left to copy.
      expect(state!.checkpointed).toBe(state!.log);
      expect(probe.prepare('SELECT COUNT(*) AS n FROM webhook_deliveries').get()).toEqual({ n: 1500 });
    } finally {
      probe.close();
      store.close();
    }
  });
});

describe("the bot's SQLite database", () => {
  it('copies the log into the database file once the intake has been quiet for half a second', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'release-bot-ckpt-')), 'bot.db');
    const database = openSqliteDatabase(path);
    try {
      const payload = 'x'.repeat(3000);
      await Promise.all(Array.from({ length: 300 }, (_, i) => database.records.deliveries.insert({ id: `d-${i}`, source: 'github', event: 'push', payload })));
      // Stored, in the log: the database file does not hold them yet.
      expect(statSync(path).size).toBeLessThan(300 * 3000);
      await expect.poll(() => statSync(path).size, { timeout: 5000, interval: 100 }).toBeGreaterThan(300 * 3000);
    } finally {
      await database.close();
    }
  });
});

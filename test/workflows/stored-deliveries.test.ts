import { describe, expect, it } from 'vitest';
import { IntakeLull } from '../../src/workflows/intake-lull.js';
import type { Delivery } from '../../src/workflows/ports/delivery-records.js';
import { StoredDeliveries } from '../../src/workflows/stored-deliveries.js';
import { BackgroundWork } from '../../src/workflows/supervise.js';

const row = (id: string, status: Delivery['status'] = 'pending'): Delivery => ({
  id,
  source: 'github',
  event: 'push',
  payload: '{}',
  status,
  outcome: null,
  receivedAt: '2026-12-01T00:00:00.000Z',
});

describe('StoredDeliveries', () => {
  it('starts no work during a burst, then handles each stored delivery once at the lull, oldest first, leaving those already at rest', async () => {
    const rows = new Map([row('a'), row('b'), row('c', 'processed'), row('d')].map((r) => [r.id, r]));
    // quietMs well above a busy machine's timer lateness, so the burst below never looks like a lull
    const lull = new IntakeLull({ quietMs: 1000, maxDeferMs: 10_000 });
    const background = new BackgroundWork({ error: () => {} });
    const loaded: string[] = [];
    const handled: string[] = [];
    const stored = new StoredDeliveries({
      lull,
      load: async (id) => {
        loaded.push(id);
        return rows.get(id);
      },
      handle: async (d) => void handled.push(d.id),
      background,
    });
    // A burst: a request every 20 ms, each stored and added.
    for (const id of ['a', 'b', 'c', 'd', 'missing']) {
      lull.arrived();
      stored.add(id);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(loaded).toEqual([]);
    await background.idle();
    expect(loaded).toEqual(['a', 'b', 'c', 'd', 'missing']);
    expect(handled).toEqual(['a', 'b', 'd']);
    // Added after the first lull: handled at the next.
    stored.add('a2');
    rows.set('a2', row('a2'));
    await background.idle();
    expect(handled).toEqual(['a', 'b', 'd', 'a2']);
  });
});

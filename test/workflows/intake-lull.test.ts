import { describe, expect, it } from 'vitest';
import { IntakeLull } from '../../src/workflows/intake-lull.js';

describe('IntakeLull', () => {
  it('lets work start once deliveries stop coming for quietMs', async () => {
    // quietMs well above the burst's gaps, so a slow timer on a busy machine does not make a lull
    const lull = new IntakeLull({ quietMs: 150, maxDeferMs: 10_000 });
    const started: number[] = [];
    const t0 = performance.now();
    lull.arrived();
    const first = lull.after().then(() => started.push(performance.now() - t0));
    // a burst: a delivery every 10 ms for 100 ms keeps the first one waiting
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 10));
      lull.arrived();
    }
    expect(started).toEqual([]);
    await first;
    expect(started[0]).toBeGreaterThanOrEqual(100);
  });

  it('lets work wait maxDeferMs at most, oldest first, however busy the intake', async () => {
    const lull = new IntakeLull({ quietMs: 200, maxDeferMs: 80 });
    const order: string[] = [];
    lull.arrived();
    const a = lull.after().then(() => order.push('a'));
    await new Promise((r) => setTimeout(r, 20));
    lull.arrived();
    const b = lull.after().then(() => order.push('b'));
    const busy = setInterval(() => lull.arrived(), 5);
    try {
      const t0 = performance.now();
      await a;
      // without the bound it would wait for ever: deliveries keep coming every 5 ms
      expect(performance.now() - t0).toBeLessThan(1000);
      await b;
    } finally {
      clearInterval(busy);
    }
    expect(order).toEqual(['a', 'b']);
  });
});

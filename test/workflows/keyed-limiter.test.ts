import { describe, expect, it } from 'vitest';
import { KeyedLimiter } from '../../src/workflows/keyed-limiter.js';

/** Work that runs until the test lets it finish. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const turns = async (n = 10) => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

describe('KeyedLimiter', () => {
  it('runs work of different keys side by side, never more than the limit at once', async () => {
    const limiter = new KeyedLimiter(2);
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const done = gates.map((g, i) =>
      limiter.run(`repo-${i}`, async () => {
        started.push(i);
        await g.opened;
        return i;
      }),
    );
    await turns();
    expect(started).toEqual([0, 1]);
    gates[1].open();
    await turns();
    expect(started).toEqual([0, 1, 2]);
    gates[0].open();
    gates[2].open();
    expect(await Promise.all(done)).toEqual([0, 1, 2]);
  });

  it("runs one key's work in the order it was given, one at a time, even when a slot is free", async () => {
    const limiter = new KeyedLimiter(4);
    const first = gate();
    const log: string[] = [];
    const a = limiter.run('widget', async () => {
      log.push('first starts');
      await first.opened;
      log.push('first ends');
    });
    const b = limiter.run('widget', async () => {
      log.push('second starts');
    });
    const other = limiter.run('gadget', async () => {
      log.push('other repo');
    });
    await other;
    expect(log).toEqual(['first starts', 'other repo']);
    first.open();
    await Promise.all([a, b]);
    expect(log).toEqual(['first starts', 'other repo', 'first ends', 'second starts']);
  });

  it('goes on with a key after its work failed, and gives the failure to its caller', async () => {
    const limiter = new KeyedLimiter(1);
    const failed = limiter.run('widget', async () => {
      throw new Error('GitHub is down');
    });
    const next = limiter.run('widget', async () => 'handled');
    await expect(failed).rejects.toThrow('GitHub is down');
    expect(await next).toBe('handled');
  });
});

import { describe, expect, it } from 'vitest';
import { coalesce } from '../../src/store/coalesce.js';

describe('coalesce', () => {
  it('runs the calls of one turn as one batch and gives each caller its own result', async () => {
    const batches: number[][] = [];
    const double = coalesce(async (batch: [number][]) => {
      batches.push(batch.map(([n]) => n));
      return batch.map(([n]) => n * 2);
    });
    const first = await Promise.all([double(1), double(2), double(3)]);
    const second = await double(4);
    expect(first).toEqual([2, 4, 6]);
    expect(second).toBe(8);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('rejects every call of a batch that failed, and the next batch starts clean', async () => {
    let fail = true;
    const write = coalesce(async (batch: [string][]) => {
      if (fail) throw new Error('disk full');
      return batch.map(([s]) => s.toUpperCase());
    });
    const failed = await Promise.allSettled([write('a'), write('b')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await write('c')).toBe('C');
  });
});

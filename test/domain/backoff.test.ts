import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../src/domain/backoff.js';

describe('backoffMs', () => {
  const policy = { baseMs: 100, maxMs: 1000 };
  it('doubles from the base and stops at the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 40].map((n) => backoffMs(n, policy))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });
  it('never waits less than Retry-After asked, even past the maximum', () => {
    expect(backoffMs(1, policy, 30_000)).toBe(30_000);
    expect(backoffMs(4, policy, 50)).toBe(800);
  });
});

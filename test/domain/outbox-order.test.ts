import { describe, expect, it } from 'vitest';
import { dueMessages } from '../../src/domain/outbox-order.js';

const now = new Date('2026-01-01T00:00:10Z');
const row = (id: number, lane: string, notBefore = '2026-01-01T00:00:00Z') => ({ id, lane, notBefore });

describe('dueMessages', () => {
  it('sends only the oldest message of each lane', () => {
    const { due } = dueMessages([row(3, 'release:1'), row(1, 'release:1'), row(2, 'batch:1'), row(4, 'batch:1')], now);
    expect(due.map((r) => r.id)).toEqual([1, 2]);
  });

  it('holds a lane back while its oldest message waits, and says when it is due', () => {
    const { due, nextAt } = dueMessages([row(1, 'release:1', '2026-01-01T00:00:30Z'), row(2, 'release:1'), row(3, 'release:2')], now);
    expect(due.map((r) => r.id)).toEqual([3]);
    expect(nextAt?.toISOString()).toBe('2026-01-01T00:00:30.000Z');
  });

  it('has nothing due and no next time for an empty outbox', () => {
    expect(dueMessages([], now)).toEqual({ due: [], nextAt: undefined });
  });
});

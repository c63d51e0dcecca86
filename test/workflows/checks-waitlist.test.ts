import { describe, expect, it } from 'vitest';
import { ChecksWaitlist } from '../../src/workflows/checks-waitlist.js';

const sha = 'a'.repeat(40);

describe('ChecksWaitlist', () => {
  it('resumes what waits for a commit when a webhook names it, and only that', () => {
    const resumed: number[] = [];
    const list = new ChecksWaitlist<number>(60_000, (k) => resumed.push(k));
    list.park(1, [{ repo: 'widget', sha }], list.mark());
    list.park(2, [{ repo: 'site', sha }], list.mark());
    expect(list.wake('widget', 'b'.repeat(40))).toBe(0);
    expect(list.wake('Widget', sha)).toBe(1);
    expect(resumed).toEqual([1]);
    list.stop();
  });

  it('does not lose a webhook that came while the checks were being read: parking after it resumes at once', async () => {
    const resumed: number[] = [];
    const list = new ChecksWaitlist<number>(60_000, (k) => resumed.push(k));
    const mark = list.mark();
    expect(list.wake('widget', sha)).toBe(0); // nothing parked yet
    const again = new Promise((resolve) => setTimeout(resolve, 20));
    list.park(7, [{ repo: 'widget', sha }], mark);
    await again;
    expect(resumed).toEqual([7]);
    list.stop();
  });

  it('waits for the poll otherwise, and resumes nothing once stopped', async () => {
    const resumed: number[] = [];
    const list = new ChecksWaitlist<number>(10, (k) => resumed.push(k));
    list.park(3, [{ repo: 'widget', sha }], list.mark());
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(resumed).toEqual([3]);
    list.stop();
    list.park(4, [{ repo: 'widget', sha }], list.mark());
    expect(list.has(4)).toBe(false);
  });
});

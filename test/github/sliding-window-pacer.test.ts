import { describe, expect, it } from 'vitest';
import { SlidingWindowPacer } from '../../src/github/sliding-window-pacer.js';
import { isContentWrite } from '../../src/github/make-octokit.js';

describe('SlidingWindowPacer', () => {
  it('lets at most max requests through in any window, counted from their answers', async () => {
    const pacer = new SlidingWindowPacer(2, 150);
    const started: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        const done = await pacer.acquire();
        started.push(Date.now() - t0);
        done();
      }),
    );
    expect(started).toHaveLength(5);
    for (let i = 2; i < started.length; i++) expect(started[i]! - started[i - 2]!).toBeGreaterThanOrEqual(149);
  });

  it('says how long the next request would wait', async () => {
    const pacer = new SlidingWindowPacer(1, 10_000);
    expect(pacer.waitMs()).toBe(0);
    (await pacer.acquire())();
    expect(pacer.waitMs()).toBeGreaterThan(9_000);
  });
});

describe('isContentWrite', () => {
  it('counts what creates content, not GraphQL queries or generated notes', () => {
    expect(isContentWrite({ method: 'POST', url: '/repos/{owner}/{repo}/releases' })).toBe(true);
    expect(isContentWrite({ method: 'POST', url: '/graphql' })).toBe(false);
    expect(isContentWrite({ method: 'POST', url: '/repos/{owner}/{repo}/releases/generate-notes' })).toBe(false);
    expect(isContentWrite({ method: 'GET', url: '/repos/{owner}/{repo}/releases' })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { installationTokenCache, refreshMarginMs } from '../../src/github/installation-token-cache.js';

// auth-app's cache value: token|createdAt|expiresAt|repositorySelection|permissions|singleFileName
const value = (createdAt: number, expiresAt: number) =>
  `ghs_x|${new Date(createdAt).toISOString()}|${new Date(expiresAt).toISOString()}|all|contents!,metadata|`;

describe('installationTokenCache', () => {
  it('serves a one-hour token until five minutes before it expires, then asks for a new one', () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    const cache = installationTokenCache(() => now);
    const stored = value(now, now + 3_600_000);
    cache.set('41', stored);
    now += 54 * 60_000;
    expect(cache.get('41')).toBe(stored);
    now += 60_000 + 1;
    expect(cache.get('41')).toBe('');
    // and it is gone: auth-app mints and stores a new one
    now -= 30 * 60_000;
    expect(cache.get('41')).toBe('');
  });

  it('refreshes a short-lived token a quarter of its life before the end', () => {
    let now = 1_000_000;
    const cache = installationTokenCache(() => now);
    cache.set('k', value(now, now + 2000));
    now += 1499;
    expect(cache.get('k')).not.toBe('');
    now += 1;
    expect(cache.get('k')).toBe('');
  });

  it('never serves a token whose expiry it cannot read, and forgets everything on clear', () => {
    const cache = installationTokenCache(() => 0);
    cache.set('a', 'ghs_x|2026-12-01T10:00:00Z|not-a-date|all||');
    expect(cache.get('a')).toBe('');
    cache.set('b', value(0, 3_600_000));
    cache.clear();
    expect(cache.get('b')).toBe('');
    expect(refreshMarginMs(3_600_000)).toBe(300_000);
    expect(refreshMarginMs(8_000)).toBe(2_000);
  });
});

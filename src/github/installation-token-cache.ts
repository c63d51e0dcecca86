/** The cache interface of `@octokit/auth-app` (its `cache` option): values are `token|createdAt|expiresAt|…`. */
export interface TokenCache {
  get(key: string): string;
  set(key: string, value: string): void;
}

/** Five minutes before a one-hour token expires; a quarter of the life of a short one (the emulator's). */
export function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(5 * 60_000, Math.max(0, lifetimeMs) / 4);
}

/**
 * Installation tokens kept until shortly before GitHub's `expires_at`, so that a long release
 * train never sends an expired one. auth-app's own cache keeps a token 59 minutes whatever its
 * `expires_at` says, and it retries a 401 only within 5 s of minting the token; a token that
 * ends earlier (a clock off by minutes, a server with shorter tokens) would fail request after
 * request. "Installation access tokens expire after 1 hour":
 * https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-an-installation-access-token-for-a-github-app
 */
export function installationTokenCache(now: () => number = Date.now): TokenCache & { clear(): void } {
  const entries = new Map<string, string>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value === undefined) return '';
      const [, createdAt, expiresAt] = value.split('|');
      const created = Date.parse(createdAt ?? '');
      const expires = Date.parse(expiresAt ?? '');
      if (!Number.isFinite(expires) || expires - now() <= refreshMarginMs(expires - (Number.isFinite(created) ? created : now()))) {
        entries.delete(key);
        return '';
      }
      return value;
    },
    set(key, value) {
      entries.set(key, value);
    },
    clear() {
      entries.clear();
    },
  };
}

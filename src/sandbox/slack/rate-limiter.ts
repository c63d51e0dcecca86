/**
 * Opt-in per-method limits over a sliding minute, e.g. `{ 'chat.update': { perMinute: 50 } }`
 * (Slack's Tier 3). Deterministic given the clock: the call that would be the (n+1)th within
 * 60 s is refused with the seconds until the oldest one leaves the window.
 */
export class RateLimiter {
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly limits: Record<string, { perMinute: number }>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records the call and returns undefined, or returns the Retry-After seconds without recording it. */
  check(method: string): number | undefined {
    const limit = this.limits[method];
    if (!limit) return undefined;
    const now = this.now();
    const recent = (this.seen.get(method) ?? []).filter((t) => now - t < 60_000);
    this.seen.set(method, recent);
    if (recent.length >= limit.perMinute) {
      return Math.max(1, Math.ceil((recent[0]! + 60_000 - now) / 1000));
    }
    recent.push(now);
    return undefined;
  }
}

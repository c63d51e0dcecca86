export interface WriteLimit {
  max: number;
  windowMs: number;
}

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * GitHub's secondary limit on content creation, as a sliding window: at most `max` accepted
 * writes in any `windowMs`. Refused writes do not take a slot.
 * https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
 */
export class SlidingWindowLimiter {
  private accepted: number[] = [];

  constructor(private readonly limit: WriteLimit) {
    if (!(limit.max >= 1) || !(limit.windowMs > 0)) throw new Error('GitHubEmulator: writeLimit needs max >= 1 and windowMs > 0');
  }

  admit(now: number): Admission {
    this.accepted = this.accepted.filter((t) => t > now - this.limit.windowMs);
    if (this.accepted.length < this.limit.max) {
      this.accepted.push(now);
      return { ok: true };
    }
    const frees = this.accepted[0]! + this.limit.windowMs;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((frees - now) / 1000)) };
  }
}

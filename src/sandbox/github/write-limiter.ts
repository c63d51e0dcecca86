export interface WriteLimit {
  max: number;
  windowMs: number;
}

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * GitHub's secondary limits on content creation (80 a minute and 500 an hour), as sliding
 * windows: at most `max` accepted writes in any `windowMs`, for every limit given. Refused writes
 * do not take a slot.
 * https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
 */
export class SlidingWindowLimiter {
  private accepted: number[] = [];
  private readonly limits: WriteLimit[];
  private readonly longest: number;

  constructor(limit: WriteLimit | WriteLimit[]) {
    this.limits = Array.isArray(limit) ? limit : [limit];
    for (const l of this.limits) if (!(l.max >= 1) || !(l.windowMs > 0)) throw new Error('GitHubEmulator: writeLimit needs max >= 1 and windowMs > 0');
    this.longest = Math.max(...this.limits.map((l) => l.windowMs));
  }

  admit(now: number): Admission {
    this.accepted = this.accepted.filter((t) => t > now - this.longest);
    let frees = 0;
    for (const l of this.limits) {
      const inWindow = this.accepted.filter((t) => t > now - l.windowMs);
      if (inWindow.length >= l.max) frees = Math.max(frees, inWindow[inWindow.length - l.max]! + l.windowMs);
    }
    if (frees === 0) {
      this.accepted.push(now);
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((frees - now) / 1000)) };
  }
}

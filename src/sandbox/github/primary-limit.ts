/**
 * GitHub's primary limit: requests an hour, counted per resource (`core` for REST, `graphql`),
 * reported on every answer in `x-ratelimit-*`, generous enough never to bite in a test or a
 * benchmark. https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#primary-rate-limit-for-authenticated-users
 */
export class PrimaryLimit {
  private readonly counts = new Map<string, number>();
  private resetAt = 0;
  readonly limit = 15_000;

  /** The headers of one answer; `count: false` reports the quota without spending it (a 304 to a conditional request). */
  headers(resource: string, now: number, o: { count?: boolean } = {}): Record<string, string> {
    this.roll(now);
    const used = (this.counts.get(resource) ?? 0) + (o.count === false ? 0 : 1);
    this.counts.set(resource, used);
    return {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(Math.max(0, this.limit - used)),
      'x-ratelimit-used': String(used),
      'x-ratelimit-reset': String(Math.ceil(this.resetAt / 1000)),
      'x-ratelimit-resource': resource,
    };
  }

  /** Requests counted against `resource` in the current hour. */
  used(resource: string, now = Date.now()): number {
    this.roll(now);
    return this.counts.get(resource) ?? 0;
  }

  private roll(now: number): void {
    if (now < this.resetAt) return;
    this.counts.clear();
    this.resetAt = now + 3_600_000;
  }
}

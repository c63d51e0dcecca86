import type { Identity } from './app-registry.js';

export interface LimitStatus {
  limit: number;
  remaining: number;
  used: number;
  /** epoch seconds */
  reset: number;
}

export type Resource = 'core' | 'graphql';

/**
 * GitHub's primary limit for an installation of a GitHub App not owned by an Enterprise Cloud
 * organisation: 5,000 requests an hour, plus 50 per repository over 20 and 50 per user of the
 * organisation over 20, at most 12,500 (the GraphQL API's points follow the same rule).
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#primary-rate-limit-for-github-app-installations
 */
export function installationLimit(repositories: number, users: number): number {
  return Math.min(12_500, 5_000 + 50 * Math.max(0, repositories - 20) + 50 * Math.max(0, users - 20));
}

/** What an emulator that enforces the primary limit allows: `limit` requests (every identity's own) in `windowMs` (GitHub's hour, scaled down). */
export interface EnforcedPrimaryLimit {
  limit: number;
  windowMs: number;
}

/**
 * Reported in `x-ratelimit-*` headers and by `GET /rate_limit`, per identity and resource, over
 * an hour from the first request. A token (a person's) gets 5,000 an hour; unauthenticated
 * requests 60. https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#primary-rate-limit-for-authenticated-users
 *
 * Enforced only when asked (`enforced`, a test's scaled-down hour; a benchmark would not want it),
 * for REST requests: past the limit, "you will receive a 403 or 429 response, and the
 * x-ratelimit-remaining header will be 0. You should not retry your request until after the time
 * specified by the x-ratelimit-reset header." A refused request is not counted.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-primary-rate-limit
 */
export class PrimaryLimit {
  private readonly buckets = new Map<string, { used: number; resetAt: number }>();

  constructor(
    private readonly installationSize: () => { repositories: number; users: number },
    readonly enforced?: EnforcedPrimaryLimit,
  ) {}

  limitFor(identity: Identity | undefined): number {
    if (this.enforced) return this.enforced.limit;
    if (!identity) return 60;
    if (identity.kind === 'installation') {
      const size = this.installationSize();
      return installationLimit(size.repositories, size.users);
    }
    return 5_000;
  }

  /** Counts one request (unless `free`) and says where the identity stands. */
  take(identity: Identity | undefined, resource: Resource, now: number, free = false): LimitStatus {
    const bucket = this.bucket(identity, resource, now);
    if (!free) bucket.used += 1;
    const limit = this.limitFor(identity);
    return { limit, used: bucket.used, remaining: Math.max(0, limit - bucket.used), reset: Math.ceil(bucket.resetAt / 1000) };
  }

  /** When the limit is enforced and spent: the refusal GitHub answers with (its headers come with every answer). */
  refusal(identity: Identity | undefined, resource: Resource, now: number): { message: string; documentation_url: string } | undefined {
    if (!this.enforced || this.bucket(identity, resource, now).used < this.limitFor(identity)) return undefined;
    const whose =
      identity?.kind === 'installation'
        ? `installation ID ${identity.installation.id}`
        : identity?.kind === 'app'
          ? `app ID ${identity.app.id}`
          : identity
            ? 'user'
            : 'your IP';
    return {
      message: `API rate limit exceeded for ${whose}. If you reach out to GitHub Support for help, please include the request ID.`,
      documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
    };
  }

  private bucket(identity: Identity | undefined, resource: Resource, now: number): { used: number; resetAt: number } {
    const key = `${bucketKey(identity)}:${resource}`;
    let bucket = this.buckets.get(key);
    if (!bucket || now >= bucket.resetAt) {
      bucket = { used: 0, resetAt: now + (this.enforced?.windowMs ?? 3_600_000) };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Requests counted against `resource` in the current hour, every identity together. */
  used(resource: Resource, now: number): number {
    let used = 0;
    for (const [key, bucket] of this.buckets) if (key.endsWith(`:${resource}`) && now < bucket.resetAt) used += bucket.used;
    return used;
  }

  headers(status: LimitStatus, resource: Resource): Record<string, string> {
    return {
      'x-ratelimit-limit': String(status.limit),
      'x-ratelimit-remaining': String(status.remaining),
      'x-ratelimit-used': String(status.used),
      'x-ratelimit-reset': String(status.reset),
      'x-ratelimit-resource': resource,
    };
  }
}

/** All tokens of one installation share its limit; a person's token has its own. */
function bucketKey(identity: Identity | undefined): string {
  if (!identity) return 'anonymous';
  if (identity.kind === 'installation') return `installation:${identity.installation.id}`;
  if (identity.kind === 'app') return `app:${identity.app.id}`;
  return 'token';
}

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

/**
 * Reported in `x-ratelimit-*` headers and by `GET /rate_limit`, per identity and resource, over
 * an hour from the first request; never enforced (a test or a benchmark would not want it).
 * A token (a person's) gets 5,000 an hour; unauthenticated requests 60.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#primary-rate-limit-for-authenticated-users
 */
export class PrimaryLimit {
  private readonly buckets = new Map<string, { used: number; resetAt: number }>();

  constructor(private readonly installationSize: () => { repositories: number; users: number }) {}

  limitFor(identity: Identity | undefined): number {
    if (!identity) return 60;
    if (identity.kind === 'installation') {
      const size = this.installationSize();
      return installationLimit(size.repositories, size.users);
    }
    return 5_000;
  }

  /** Counts one request (unless `free`) and says where the identity stands. */
  take(identity: Identity | undefined, resource: Resource, now: number, free = false): LimitStatus {
    const key = `${bucketKey(identity)}:${resource}`;
    let bucket = this.buckets.get(key);
    if (!bucket || now >= bucket.resetAt) {
      bucket = { used: 0, resetAt: now + 3_600_000 };
      this.buckets.set(key, bucket);
    }
    if (!free) bucket.used += 1;
    const limit = this.limitFor(identity);
    return { limit, used: bucket.used, remaining: Math.max(0, limit - bucket.used), reset: Math.ceil(bucket.resetAt / 1000) };
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

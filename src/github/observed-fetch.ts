/** What one HTTP exchange with GitHub looked like, for the metrics. */
export interface GitHubExchange {
  method: string;
  /** the answer's status, or "error" when none came (a refused connection, a timeout) */
  status: string;
  /**
   * `x-ratelimit-remaining` and `x-ratelimit-resource` (core, graphql, search…: each has its own
   * budget): https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#checking-the-status-of-your-rate-limit
   */
  rateLimit?: { remaining: number; resource: string };
}

/**
 * A `fetch` that tells `observe` about every exchange. Given to Octokit as `request.fetch`, it
 * sits under plugin-retry and plugin-throttling, so each attempt on the wire is seen once.
 */
export function observedFetch(observe: (e: GitHubExchange) => void, base: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    let res: Response;
    try {
      res = await base(input, init);
    } catch (error) {
      observe({ method, status: 'error' });
      throw error;
    }
    const remaining = res.headers.get('x-ratelimit-remaining');
    const n = remaining === null ? Number.NaN : Number(remaining);
    observe({
      method,
      status: String(res.status),
      ...(Number.isFinite(n) ? { rateLimit: { remaining: n, resource: res.headers.get('x-ratelimit-resource') ?? 'core' } } : {}),
    });
    return res;
  };
}

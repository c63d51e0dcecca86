export interface BackoffPolicy {
  /** the first wait */
  baseMs: number;
  /** no wait is longer */
  maxMs: number;
}

// A thread waiting on Slack asks again at most every 15 s: after an outage the channel catches up within that.
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 15_000 };

/**
 * How long to wait before attempt `attempt + 1` after `attempt` failures: doubling from `baseMs`
 * up to `maxMs`, and never less than what the server asked for (`Retry-After`).
 */
export function backoffMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, retryAfterMs?: number): number {
  const doubled = policy.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30));
  return Math.max(Math.min(doubled, policy.maxMs), retryAfterMs ?? 0);
}

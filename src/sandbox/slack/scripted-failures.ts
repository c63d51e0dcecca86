import type { ApiAnswer, ScriptedFailure } from './types.js';

/** Failures a test queued for a method, served before the method runs (it then changes nothing). */
export class ScriptedFailures {
  private readonly queued = new Map<string, ScriptedFailure[]>();

  add(method: string, failure: ScriptedFailure, times: number): void {
    const list = this.queued.get(method) ?? [];
    for (let i = 0; i < times; i += 1) list.push(failure);
    this.queued.set(method, list);
  }

  /** The next queued failure of `method` as an HTTP answer, or undefined. */
  take(method: string): ApiAnswer | undefined {
    const failure = this.queued.get(method)?.shift();
    if (!failure) return undefined;
    if ('error' in failure) return { status: 200, body: { ok: false, error: failure.error } };
    if (failure.status === 429) return rateLimited(failure.retryAfter);
    return { status: 500, body: { ok: false, error: 'internal_error' } };
  }
}

// https://docs.slack.dev/apis/web-api/rate-limits: HTTP 429, `Retry-After` in seconds.
export function rateLimited(retryAfter: number): ApiAnswer {
  return { status: 429, headers: { 'Retry-After': String(retryAfter) }, body: { ok: false, error: 'ratelimited' } };
}

import type { ApiAnswer, ScriptedFailure } from './types.js';

/** Failures a test queued for a method, served before the method runs (it then changes nothing). */
export class ScriptedFailures {
  private readonly queued = new Map<string, ScriptedFailure[]>();
  /** every method but the connection's fails this way until the outage is lifted */
  outage: ScriptedFailure | undefined;

  add(method: string, failure: ScriptedFailure, times: number): void {
    const list = this.queued.get(method) ?? [];
    for (let i = 0; i < times; i += 1) list.push(failure);
    this.queued.set(method, list);
  }

  /** The next queued failure of `method` as an HTTP answer, or undefined. */
  take(method: string): { answer: ApiAnswer; processed: boolean } | undefined {
    const failure = this.queued.get(method)?.shift() ?? (method === 'apps.connections.open' ? undefined : this.outage);
    if (!failure) return undefined;
    if ('error' in failure) return { answer: { status: 200, body: { ok: false, error: failure.error } }, processed: false };
    if (failure.status === 429) return { answer: rateLimited(failure.retryAfter), processed: false };
    const body = failure.status === 503 ? { ok: false, error: 'service_unavailable' } : { ok: false, error: 'internal_error' };
    return { answer: { status: failure.status, body }, processed: failure.processed === true };
  }
}

// https://docs.slack.dev/apis/web-api/rate-limits: HTTP 429, `Retry-After` in seconds.
export function rateLimited(retryAfter: number): ApiAnswer {
  return { status: 429, headers: { 'Retry-After': String(retryAfter) }, body: { ok: false, error: 'ratelimited' } };
}

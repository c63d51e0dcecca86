import { errorMessage } from '../errors.js';
import type { Deployer, DeployRequest, DeployResult } from '../workflows/ports/deployer.js';

export interface RetryPolicy {
  /** requests at most, the first included */
  attempts: number;
  /** wait before the 2nd request; doubled before each next one */
  baseDelayMs: number;
  /** a request without an answer within this time counts as failed (and is retried) */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, timeoutMs: 30_000 };

/**
 * `PUT {url}/{connectorId}` with `{"image","version"}` and a bearer token. 2xx is success;
 * 5xx, 408, 429, timeouts and refused connections are retried with exponential backoff; any
 * other answer is a refusal, not retried. A PUT of the same image is idempotent, so a repeat
 * after a crash is safe; `Idempotency-Key` names the rollout for servers that want it.
 */
export class HttpDeployer implements Deployer {
  readonly name = 'http' as const;

  constructor(private readonly o: { url: string; token: string; retry?: Partial<RetryPolicy>; sleep?: (ms: number) => Promise<void> }) {}

  async deploy(req: DeployRequest): Promise<DeployResult> {
    const policy = { ...DEFAULT_RETRY, ...this.o.retry };
    const sleep = this.o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const target = `${this.o.url.replace(/\/+$/, '')}/${encodeURIComponent(req.connectorId)}`;
    let last = '';
    for (let attempt = 1; attempt <= policy.attempts; attempt++) {
      const answer = await this.put(target, req, policy.timeoutMs);
      if (answer.ok) return { kind: 'deployed', detail: `PUT ${target} answered ${answer.status}`, attempts: attempt };
      last = answer.problem;
      if (!answer.retry) return { kind: 'failed', reason: `${last} (not retried: fix the request or the infrastructure, then click Retry)`, attempts: attempt };
      if (attempt < policy.attempts) await sleep(policy.baseDelayMs * 2 ** (attempt - 1));
    }
    return { kind: 'failed', reason: last, attempts: policy.attempts };
  }

  private async put(
    target: string,
    req: DeployRequest,
    timeoutMs: number,
  ): Promise<{ ok: true; status: number } | { ok: false; retry: boolean; problem: string }> {
    try {
      const res = await fetch(target, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${this.o.token}`,
          'content-type': 'application/json',
          'user-agent': 'release-bot',
          'idempotency-key': `rollout-${req.rolloutId}`,
        },
        body: JSON.stringify({ image: req.image, version: req.version }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text().catch(() => '');
      if (res.ok) return { ok: true, status: res.status };
      const said = text.trim() ? `: ${text.trim().replace(/\s+/g, ' ').slice(0, 200)}` : '';
      return { ok: false, retry: res.status >= 500 || res.status === 408 || res.status === 429, problem: `PUT ${target} answered ${res.status}${said}` };
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const cause = error instanceof Error && error.cause ? errorMessage(error.cause) : errorMessage(error);
      return { ok: false, retry: true, problem: timedOut ? `PUT ${target}: no answer within ${timeoutMs} ms` : `PUT ${target} could not be sent: ${cause}` };
    }
  }
}

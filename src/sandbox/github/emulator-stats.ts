export interface RequestRecord {
  method: string;
  /** the URL path, without the query: `/api/v3/repos/acme/widget/git/refs`, `/api/graphql` */
  path: string;
  status: number;
  /** epoch milliseconds when the answer was sent */
  at: number;
}

export interface EmulatorStats {
  /** GET/HEAD, GraphQL queries and generate-notes */
  reads: number;
  /** content-creating requests: POST/PATCH/PUT/DELETE other than GraphQL and generate-notes */
  writes: number;
  graphql: number;
  /** secondary-limit 403s given (by `writeLimit` or scripted with `failNext`) */
  secondaryLimited: number;
  /** primary-limit 403s given (only when the emulator enforces `primaryLimit`) */
  primaryLimited: number;
  /** 5xx given */
  serverErrors: number;
  /** most requests in flight at once, latency included */
  peakConcurrency: number;
  /** `GET /rate_limit` calls: free on GitHub ("does not count against your REST API rate limit"), so counted apart and not in `requests` */
  rateLimitChecks: number;
  requests: RequestRecord[];
}

export type RequestKind = 'read' | 'write' | 'graphql' | 'free';

/** Counts what the client did, for tests and benchmarks to assert pacing and retries. */
export class StatsRecorder {
  private current = StatsRecorder.empty();
  private inFlight = 0;

  static empty(): EmulatorStats {
    return { reads: 0, writes: 0, graphql: 0, secondaryLimited: 0, primaryLimited: 0, serverErrors: 0, peakConcurrency: 0, rateLimitChecks: 0, requests: [] };
  }

  get stats(): EmulatorStats {
    return this.current;
  }

  /** A new stats object; requests in flight keep counting towards the peak. */
  reset(): void {
    this.current = StatsRecorder.empty();
    this.current.peakConcurrency = this.inFlight;
  }

  begin(kind: RequestKind): void {
    this.inFlight++;
    this.current.peakConcurrency = Math.max(this.current.peakConcurrency, this.inFlight);
    if (kind === 'free') this.current.rateLimitChecks++;
    else if (kind === 'write') this.current.writes++;
    else this.current.reads++;
    if (kind === 'graphql') this.current.graphql++;
  }

  end(record: RequestRecord, secondaryLimited: boolean, kind?: RequestKind, primaryLimited = false): void {
    this.inFlight--;
    if (kind === 'free') return;
    if (secondaryLimited) this.current.secondaryLimited++;
    if (primaryLimited) this.current.primaryLimited++;
    if (record.status >= 500) this.current.serverErrors++;
    this.current.requests.push(record);
  }
}

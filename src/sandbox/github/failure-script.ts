export interface FailureMatch {
  /** any method when absent */
  method?: string;
  /**
   * A string equals the path (no query) either in full (`/api/v3/repos/acme/w/git/refs`) or
   * relative to the API root (`/repos/acme/w/git/refs`; GraphQL is `/graphql`). A RegExp is
   * tested against both.
   */
  path: RegExp | string;
}

export interface ScriptedFailure {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Entry {
  match: FailureMatch;
  failure: ScriptedFailure;
  remaining: number;
}

/** Failures a test scripts for the next matching requests, used up in the order they were added. */
export class FailureScript {
  private entries: Entry[] = [];

  add(match: FailureMatch, failure: ScriptedFailure, times = 1): void {
    if (times > 0) this.entries.push({ match, failure, remaining: times });
  }

  clear(): void {
    this.entries = [];
  }

  take(method: string, fullPath: string, apiPath: string): ScriptedFailure | undefined {
    const entry = this.entries.find((e) => matches(e.match, method, fullPath, apiPath));
    if (!entry) return undefined;
    entry.remaining--;
    if (entry.remaining <= 0) this.entries = this.entries.filter((e) => e !== entry);
    return entry.failure;
  }
}

function matches(m: FailureMatch, method: string, fullPath: string, apiPath: string): boolean {
  if (m.method && m.method.toUpperCase() !== method) return false;
  if (typeof m.path === 'string') return m.path === fullPath || m.path === apiPath;
  m.path.lastIndex = 0;
  if (m.path.test(apiPath)) return true;
  m.path.lastIndex = 0;
  return m.path.test(fullPath);
}

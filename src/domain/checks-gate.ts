/**
 * The checks gate of `requireChecks: true` (DESIGN.md §5: approved ─(checks green)─▶ tagged): what
 * a commit's CI says, from its commit statuses and its check runs, and whether a release may go.
 */

/** One commit status as GitHub reports it (https://docs.github.com/rest/commits/statuses). */
export interface CommitStatusInput {
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  targetUrl: string | null;
  /** GitHub's id: a higher one is a later status of the same context */
  id?: number;
}

/** One check run (https://docs.github.com/rest/checks/runs). */
export interface CheckRunInput {
  name: string;
  /** queued | in_progress | completed, and the `waiting`, `requested`, `pending` of Actions */
  status: string;
  /** set once completed: success | neutral | skipped | failure | timed_out | cancelled | action_required | startup_failure | stale */
  conclusion: string | null;
  /** the check's own page (details_url), else GitHub's (html_url) */
  url: string | null;
  id?: number;
}

export type CheckState = 'passed' | 'pending' | 'failed';

export interface CheckItem {
  name: string;
  state: CheckState;
  url: string | null;
}

/** What CI says of one commit: each context and check run once (its latest), by state. */
export interface ChecksSummary {
  checks: CheckItem[];
  passed: number;
  pending: number;
  failed: number;
}

const STATUS_STATE: Record<CommitStatusInput['state'], CheckState> = { success: 'passed', pending: 'pending', failure: 'failed', error: 'failed' };

/**
 * A completed run passes when GitHub's own rollup would let it through: success, neutral and
 * skipped pass; failure, timed_out, cancelled, action_required, startup_failure (and `stale`, a
 * run GitHub gave up on) fail. Anything not completed is pending.
 */
const PASSING = new Set(['success', 'neutral', 'skipped']);

export function checkRunState(run: Pick<CheckRunInput, 'status' | 'conclusion'>): CheckState {
  if (run.status !== 'completed') return 'pending';
  return run.conclusion !== null && PASSING.has(run.conclusion) ? 'passed' : 'failed';
}

/** Keeps, per key, the item with the highest id (the first one met when ids are absent: GitHub lists newest first). */
function latestBy<T extends { id?: number }>(items: readonly T[], key: (t: T) => string): T[] {
  const kept = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const seen = kept.get(k);
    if (!seen || (item.id !== undefined && seen.id !== undefined && item.id > seen.id)) kept.set(k, item);
  }
  return [...kept.values()];
}

/**
 * The latest status of each context (GitHub's combined status keeps the latest per context) and
 * the latest run of each check name (the check-runs list's `filter=latest`), failed first, then
 * pending, then passed, each by name.
 */
export function summarizeChecks(statuses: readonly CommitStatusInput[], runs: readonly CheckRunInput[]): ChecksSummary {
  const checks: CheckItem[] = [
    ...latestBy(statuses, (s) => s.context).map((s) => ({ name: s.context, state: STATUS_STATE[s.state], url: s.targetUrl })),
    ...latestBy(runs, (r) => r.name).map((r) => ({ name: r.name, state: checkRunState(r), url: r.url })),
  ];
  const rank: Record<CheckState, number> = { failed: 0, pending: 1, passed: 2 };
  checks.sort((a, b) => rank[a.state] - rank[b.state] || a.name.localeCompare(b.name));
  const count = (s: CheckState) => checks.filter((c) => c.state === s).length;
  return { checks, passed: count('passed'), pending: count('pending'), failed: count('failed') };
}

/** A recorded decision to release past the checks (break-glass): who, and why. */
export interface ChecksBypass {
  by: string;
  reason: string;
}

export type GateVerdict =
  /** `because`: the policy does not ask, every check passed, or someone broke the glass */
  | { kind: 'go'; because: 'not-required' | 'green' | 'bypassed'; bypass?: ChecksBypass }
  /** `none`: no check reported at all yet (a CI that has not started); `pending`: some still run */
  | { kind: 'wait'; because: 'none' | 'pending'; pending: CheckItem[] }
  | { kind: 'block'; failing: CheckItem[] };

/**
 * Whether a release may be tagged. A failed check blocks even while others still run (it will not
 * turn green by waiting; a re-run and Retry will). Under `requireChecks`, a commit no CI reported on
 * waits ("no checks reported yet") rather than goes: a CI that has not picked the commit up yet
 * looks the same as none, and releasing untested code is the mistake the gate exists to prevent.
 * A bypass (break-glass) lets a red or waiting release go, and says so.
 */
export function checksVerdict(input: { required: boolean; summary: ChecksSummary | null; bypass?: ChecksBypass | null }): GateVerdict {
  if (!input.required) return { kind: 'go', because: 'not-required' };
  if (input.bypass) return { kind: 'go', because: 'bypassed', bypass: input.bypass };
  const s = input.summary ?? { checks: [], passed: 0, pending: 0, failed: 0 };
  if (s.failed > 0) return { kind: 'block', failing: s.checks.filter((c) => c.state === 'failed') };
  if (s.checks.length === 0) return { kind: 'wait', because: 'none', pending: [] };
  if (s.pending > 0) return { kind: 'wait', because: 'pending', pending: s.checks.filter((c) => c.state === 'pending') };
  return { kind: 'go', because: 'green' };
}

/** "lint failed, e2e failed": the failing checks by name, for a reason the thread and the audit log keep. */
export function describeFailing(failing: readonly CheckItem[], o: { max?: number } = {}): string {
  const max = o.max ?? 5;
  const named = failing.slice(0, max).map((c) => (c.url ? `${c.name} (${c.url})` : c.name));
  const more = failing.length > max ? ` and ${failing.length - max} more` : '';
  return `${named.join(', ')}${more}`;
}

/** "3 passed, 1 pending, 0 failed", or "no checks reported": the audit log's line. */
export function describeSummary(s: ChecksSummary | null): string {
  if (!s || s.checks.length === 0) return 'no checks reported';
  return `${s.passed} passed, ${s.pending} pending, ${s.failed} failed`;
}

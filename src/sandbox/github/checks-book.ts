import type { GitModel } from './git-model.js';
import type { RepoRecord } from './git-objects.js';
import { githubError, validationFailed } from './http-error.js';

export type StatusState = 'error' | 'failure' | 'pending' | 'success';
export type CheckStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
export const CHECK_CONCLUSIONS = ['action_required', 'cancelled', 'failure', 'neutral', 'success', 'skipped', 'stale', 'timed_out', 'startup_failure'] as const;
export type CheckConclusion = (typeof CHECK_CONCLUSIONS)[number];

export interface StatusRecord {
  id: number;
  sha: string;
  state: StatusState;
  targetUrl: string | null;
  description: string | null;
  context: string;
  createdAt: string;
  updatedAt: string;
  creator: string;
}

export interface CheckSuiteRecord {
  id: number;
  headSha: string;
  headBranch: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CheckRunRecord {
  id: number;
  suiteId: number;
  headSha: string;
  name: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  detailsUrl: string | null;
  externalId: string;
  startedAt: string;
  completedAt: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
}

const DOC_STATUSES = 'https://docs.github.com/rest/commits/statuses#create-a-commit-status';
const DOC_RUNS = 'https://docs.github.com/rest/checks/runs';

/**
 * A suite's conclusion is the highest-priority conclusion of its runs, in this order
 * (https://docs.github.com/rest/guides/using-the-rest-api-to-interact-with-checks#about-check-suites).
 */
const SUITE_PRIORITY: readonly CheckConclusion[] = [
  'action_required',
  'cancelled',
  'timed_out',
  'failure',
  'startup_failure',
  'stale',
  'neutral',
  'success',
  'skipped',
];

/** Commit statuses, check suites and check runs of every repository (one app, GitHub Actions, makes the suites). */
export class ChecksBook {
  private readonly statuses = new Map<string, StatusRecord[]>();
  private readonly suites = new Map<string, CheckSuiteRecord[]>();
  private readonly runs = new Map<string, CheckRunRecord[]>();
  private nextId = 4_000_000_000;

  constructor(private readonly git: GitModel) {}

  private list<T>(map: Map<string, T[]>, repo: RepoRecord): T[] {
    const found = map.get(repo.name);
    if (found) return found;
    const made: T[] = [];
    map.set(repo.name, made);
    return made;
  }

  /** "There is a limit of 1000 statuses per sha and context within a repository." */
  addStatus(
    repo: RepoRecord,
    sha: string,
    s: { state: StatusState; targetUrl?: string | null; description?: string | null; context?: string; creator: string },
  ) {
    if (!repo.commits.has(sha))
      throw validationFailed([{ resource: 'Status', code: 'custom', field: 'sha', message: `No commit found for SHA: ${sha}` }], DOC_STATUSES);
    const context = s.context ?? 'default';
    const all = this.list(this.statuses, repo);
    if (all.filter((x) => x.sha === sha && x.context === context).length >= 1000)
      throw validationFailed(
        [{ resource: 'Status', code: 'custom', message: 'This SHA and context has reached the maximum number of statuses.' }],
        DOC_STATUSES,
      );
    const now = this.git.now();
    const record: StatusRecord = {
      id: ++this.nextId,
      sha,
      state: s.state,
      targetUrl: s.targetUrl ?? null,
      description: s.description ?? null,
      context,
      createdAt: now,
      updatedAt: now,
      creator: s.creator,
    };
    all.push(record);
    return record;
  }

  /** Newest first, as GitHub lists them. */
  statusesOf(repo: RepoRecord, sha: string): StatusRecord[] {
    return this.list(this.statuses, repo)
      .filter((s) => s.sha === sha)
      .reverse();
  }

  /** The latest status of each context, and the combined state: failure > pending (also when there are none) > success. */
  combined(repo: RepoRecord, sha: string): { state: 'failure' | 'pending' | 'success'; latest: StatusRecord[] } {
    const latest = new Map<string, StatusRecord>();
    for (const s of this.statusesOf(repo, sha)) if (!latest.has(s.context)) latest.set(s.context, s);
    const states = [...latest.values()].map((s) => s.state);
    const state = states.some((s) => s === 'error' || s === 'failure') ? 'failure' : states.length === 0 || states.includes('pending') ? 'pending' : 'success';
    return { state, latest: [...latest.values()] };
  }

  createRun(
    repo: RepoRecord,
    r: { name: string; headSha: string; status?: CheckStatus; conclusion?: CheckConclusion; detailsUrl?: string | null; externalId?: string },
  ): CheckRunRecord {
    if (!repo.commits.has(r.headSha)) throw validationFailed([{ resource: 'CheckRun', code: 'invalid', field: 'head_sha' }], `${DOC_RUNS}#create-a-check-run`);
    const now = this.git.now();
    const suites = this.list(this.suites, repo);
    let suite = suites.find((s) => s.headSha === r.headSha);
    if (!suite) {
      const branch = [...repo.heads].find(([, sha]) => sha === r.headSha)?.[0] ?? null;
      suite = { id: ++this.nextId, headSha: r.headSha, headBranch: branch, createdAt: now, updatedAt: now };
      suites.push(suite);
    }
    // "Providing conclusion will automatically set the status parameter to completed."
    const status: CheckStatus = r.conclusion ? 'completed' : (r.status ?? 'queued');
    if (status === 'completed' && !r.conclusion) throw invalidConclusion();
    const run: CheckRunRecord = {
      id: ++this.nextId,
      suiteId: suite.id,
      headSha: r.headSha,
      name: r.name,
      status,
      conclusion: r.conclusion ?? null,
      detailsUrl: r.detailsUrl ?? null,
      externalId: r.externalId ?? '',
      startedAt: now,
      completedAt: status === 'completed' ? now : null,
      output: { title: null, summary: null, text: null },
    };
    this.list(this.runs, repo).push(run);
    suite.updatedAt = now;
    return run;
  }

  updateRun(
    repo: RepoRecord,
    id: number,
    patch: { status?: CheckStatus; conclusion?: CheckConclusion; detailsUrl?: string | null; name?: string },
  ): CheckRunRecord {
    const run = this.run(repo, id);
    const status: CheckStatus = patch.conclusion ? 'completed' : (patch.status ?? run.status);
    if (status === 'completed' && !patch.conclusion && !run.conclusion) throw invalidConclusion();
    const now = this.git.now();
    run.status = status;
    if (patch.conclusion) run.conclusion = patch.conclusion;
    if (patch.detailsUrl !== undefined) run.detailsUrl = patch.detailsUrl;
    if (patch.name) run.name = patch.name;
    if (status === 'completed' && !run.completedAt) run.completedAt = now;
    const suite = this.suite(repo, run.suiteId);
    suite.updatedAt = now;
    return run;
  }

  run(repo: RepoRecord, id: number): CheckRunRecord {
    const run = this.list(this.runs, repo).find((r) => r.id === id);
    if (!run) throw githubError(404, 'Not Found', `${DOC_RUNS}#get-a-check-run`);
    return run;
  }

  /** `filter=latest` keeps the most recent run of each name (GitHub's default); newest first. */
  runsOf(repo: RepoRecord, sha: string, o: { filter?: 'latest' | 'all'; name?: string; status?: string } = {}): CheckRunRecord[] {
    const all = this.list(this.runs, repo)
      .filter((r) => r.headSha === sha && (!o.name || r.name === o.name) && (!o.status || r.status === o.status))
      .reverse();
    if (o.filter === 'all') return all;
    const seen = new Set<string>();
    return all.filter((r) => !seen.has(r.name) && seen.add(r.name));
  }

  suite(repo: RepoRecord, id: number): CheckSuiteRecord {
    const suite = this.list(this.suites, repo).find((s) => s.id === id);
    if (!suite) throw githubError(404, 'Not Found', 'https://docs.github.com/rest/checks/suites#get-a-check-suite');
    return suite;
  }

  /** A suite is completed when every run of it is; its conclusion is the runs' highest-priority one. */
  suiteState(repo: RepoRecord, suite: CheckSuiteRecord): { status: 'queued' | 'in_progress' | 'completed'; conclusion: CheckConclusion | null; runs: number } {
    const runs = this.list(this.runs, repo).filter((r) => r.suiteId === suite.id);
    if (runs.length === 0) return { status: 'queued', conclusion: null, runs: 0 };
    if (runs.some((r) => r.status !== 'completed'))
      return { status: runs.some((r) => r.status === 'in_progress') ? 'in_progress' : 'queued', conclusion: null, runs: runs.length };
    const conclusion = SUITE_PRIORITY.find((c) => runs.some((r) => r.conclusion === c)) ?? 'success';
    return { status: 'completed', conclusion, runs: runs.length };
  }
}

function invalidConclusion() {
  return validationFailed([{ resource: 'CheckRun', code: 'missing_field', field: 'conclusion' }], `${DOC_RUNS}#update-a-check-run`);
}

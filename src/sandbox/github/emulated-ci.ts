import type { CheckConclusion, CheckStatus, ChecksBook, StatusState } from './checks-book.js';
import { checkRunPayload, checkSuitePayload, statusPayload } from './checks-json.js';
import type { GitModel } from './git-model.js';
import type { GitHubUrls } from './github-urls.js';

/** A webhook GitHub would send, for a test (or the sandbox page) to sign and deliver. */
export interface WebhookEvent {
  event: 'status' | 'check_run' | 'check_suite';
  payload: Record<string, unknown>;
}

export interface CheckRunInfo {
  id: number;
  name: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  detailsUrl: string | null;
}

/**
 * CI as tests and the sandbox page play it: commit statuses and check runs on the emulator's
 * commits, each change returning the webhooks GitHub sends for it (`status`, `check_run`, and
 * `check_suite` completed when the last run of a suite completes).
 */
export class EmulatedCi {
  constructor(
    private readonly git: GitModel,
    private readonly book: ChecksBook,
    private readonly urls: () => GitHubUrls,
  ) {}

  /** CI posts a commit status (as `POST /statuses/{sha}` would); returns the `status` webhook. */
  setStatus(repo: string, sha: string, s: { context: string; state: StatusState; targetUrl?: string; description?: string }): WebhookEvent {
    const record = this.git.get(repo);
    const status = this.book.addStatus(record, sha, { ...s, creator: 'ci-bot' });
    return { event: 'status', payload: statusPayload(this.urls(), record, status) };
  }

  /** CI starts a check run (queued unless told, completed when given a conclusion); returns its id and the `check_run` created webhook. */
  createCheckRun(
    repo: string,
    sha: string,
    r: { name: string; status?: CheckStatus; conclusion?: CheckConclusion; detailsUrl?: string },
  ): { id: number; events: WebhookEvent[] } {
    const record = this.git.get(repo);
    const run = this.book.createRun(record, { name: r.name, headSha: sha, status: r.status, conclusion: r.conclusion, detailsUrl: r.detailsUrl });
    return {
      id: run.id,
      events: [{ event: 'check_run', payload: checkRunPayload(this.urls(), this.book, record, run, 'created') }, ...this.suiteDone(repo, run.suiteId)],
    };
  }

  /** A check run finishes: the `check_run` completed webhook, and `check_suite` completed when it was the last of its suite. */
  completeCheckRun(repo: string, id: number, conclusion: CheckConclusion): WebhookEvent[] {
    const record = this.git.get(repo);
    const run = this.book.updateRun(record, id, { conclusion });
    return [{ event: 'check_run', payload: checkRunPayload(this.urls(), this.book, record, run, 'completed') }, ...this.suiteDone(repo, run.suiteId)];
  }

  /** The latest run of each name on a commit, newest first. */
  checkRuns(repo: string, sha: string): CheckRunInfo[] {
    return this.book
      .runsOf(this.git.get(repo), sha)
      .map((r) => ({ id: r.id, name: r.name, status: r.status, conclusion: r.conclusion, detailsUrl: r.detailsUrl }));
  }

  private suiteDone(repo: string, suiteId: number): WebhookEvent[] {
    const record = this.git.get(repo);
    const suite = this.book.suite(record, suiteId);
    if (this.book.suiteState(record, suite).status !== 'completed') return [];
    return [{ event: 'check_suite', payload: checkSuitePayload(this.urls(), this.book, record, suite, 'completed') }];
  }
}

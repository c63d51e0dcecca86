import type { CheckRunRecord, CheckSuiteRecord, ChecksBook, StatusRecord } from './checks-book.js';
import { commitJson } from './commit-json.js';
import type { RepoRecord } from './git-objects.js';
import { type GitHubUrls, accountJson, nodeId, organizationJson } from './github-urls.js';
import { repoJson } from './repo-json.js';

/** The app that runs the emulator's checks: GitHub Actions, as in most organisations. */
function appJson(urls: GitHubUrls): Record<string, unknown> {
  return {
    id: 15368,
    slug: 'github-actions',
    node_id: 'MDM6QXBwMTUzNjg=',
    owner: accountJson(urls, 'github', 'Organization'),
    name: 'GitHub Actions',
    description: 'Automate your workflow from idea to production',
    external_url: 'https://help.github.com/en/actions',
    html_url: `${urls.origin}/apps/github-actions`,
    created_at: '2018-07-30T09:30:17Z',
    updated_at: '2019-12-10T19:04:12Z',
    permissions: { actions: 'write', checks: 'write', contents: 'write', metadata: 'read', statuses: 'write' },
    events: ['check_run', 'check_suite', 'push', 'status'],
  };
}

/** One commit status (https://docs.github.com/rest/commits/statuses#create-a-commit-status). */
export function statusJson(urls: GitHubUrls, repo: RepoRecord, s: StatusRecord): Record<string, unknown> {
  const creator = accountJson(urls, s.creator);
  return {
    url: `${urls.repoApi(repo.name)}/statuses/${s.sha}`,
    avatar_url: creator.avatar_url,
    id: s.id,
    node_id: nodeId('StatusContext', s.id),
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    creator,
  };
}

export function checkSuiteJson(urls: GitHubUrls, book: ChecksBook, repo: RepoRecord, suite: CheckSuiteRecord): Record<string, unknown> {
  const state = book.suiteState(repo, suite);
  const api = urls.repoApi(repo.name);
  return {
    id: suite.id,
    node_id: nodeId('CheckSuite', suite.id),
    head_branch: suite.headBranch,
    head_sha: suite.headSha,
    status: state.status,
    conclusion: state.conclusion,
    url: `${api}/check-suites/${suite.id}`,
    before: null,
    after: suite.headSha,
    pull_requests: [],
    app: appJson(urls),
    created_at: suite.createdAt,
    updated_at: suite.updatedAt,
    latest_check_runs_count: state.runs,
    check_runs_url: `${api}/check-suites/${suite.id}/check-runs`,
  };
}

/** One check run (https://docs.github.com/rest/checks/runs#get-a-check-run), its suite inside. */
export function checkRunJson(urls: GitHubUrls, book: ChecksBook, repo: RepoRecord, run: CheckRunRecord): Record<string, unknown> {
  const api = urls.repoApi(repo.name);
  const suite = book.suite(repo, run.suiteId);
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId('CheckRun', run.id),
    external_id: run.externalId,
    url: `${api}/check-runs/${run.id}`,
    html_url: `${urls.repoHtml(repo.name)}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${urls.repoHtml(repo.name)}/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: { ...run.output, annotations_count: 0, annotations_url: `${api}/check-runs/${run.id}/annotations` },
    name: run.name,
    check_suite: { id: suite.id, node_id: nodeId('CheckSuite', suite.id), head_branch: suite.headBranch, head_sha: suite.headSha },
    app: appJson(urls),
    pull_requests: [],
  };
}

function envelope(urls: GitHubUrls, repo: RepoRecord, sender: string): Record<string, unknown> {
  return { repository: repoJson(urls, repo), organization: organizationJson(urls), sender: accountJson(urls, sender) };
}

/**
 * A `status` webhook payload: the shape of the `status` examples in @octokit/webhooks-examples.
 * https://docs.github.com/webhooks/webhook-events-and-payloads#status
 */
export function statusPayload(urls: GitHubUrls, repo: RepoRecord, s: StatusRecord): Record<string, unknown> {
  const commit = repo.commits.get(s.sha)!;
  return {
    id: s.id,
    sha: s.sha,
    name: `${urls.org}/${repo.name}`,
    target_url: s.targetUrl,
    avatar_url: null,
    context: s.context,
    description: s.description,
    state: s.state,
    commit: commitJson(urls, repo, commit),
    branches: [...repo.heads]
      .filter(([, sha]) => sha === s.sha)
      .map(([name, sha]) => ({ name, commit: { sha, url: `${urls.repoApi(repo.name)}/commits/${sha}` }, protected: false })),
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    ...envelope(urls, repo, s.creator),
  };
}

/**
 * `check_run` (created, completed…): the run with its whole suite, as in @octokit/webhooks-examples.
 * https://docs.github.com/webhooks/webhook-events-and-payloads#check_run
 */
export function checkRunPayload(urls: GitHubUrls, book: ChecksBook, repo: RepoRecord, run: CheckRunRecord, action: string): Record<string, unknown> {
  const suite = book.suite(repo, run.suiteId);
  return {
    action,
    check_run: { ...checkRunJson(urls, book, repo, run), check_suite: checkSuiteJson(urls, book, repo, suite) },
    ...envelope(urls, repo, 'github-actions[bot]'),
  };
}

/** `check_suite` completed: sent when the last run of a suite completes. https://docs.github.com/webhooks/webhook-events-and-payloads#check_suite */
export function checkSuitePayload(urls: GitHubUrls, book: ChecksBook, repo: RepoRecord, suite: CheckSuiteRecord, action: string): Record<string, unknown> {
  const head = repo.commits.get(suite.headSha)!;
  return {
    action,
    check_suite: {
      ...checkSuiteJson(urls, book, repo, suite),
      head_commit: {
        id: head.sha,
        tree_id: head.treeSha,
        message: head.message,
        timestamp: head.author.date,
        author: { name: head.author.name, email: head.author.email },
        committer: { name: head.committer.name, email: head.committer.email },
      },
    },
    ...envelope(urls, repo, 'github-actions[bot]'),
  };
}

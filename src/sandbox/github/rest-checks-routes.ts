import { CHECK_CONCLUSIONS, type CheckConclusion, type CheckStatus, type StatusState } from './checks-book.js';
import { checkRunJson, statusJson } from './checks-json.js';
import { invalidRequest, notFound, optionalString, requiredString } from './http-error.js';
import { pageHeaders, paginate } from './pagination.js';
import { TOKEN_OWNER } from './release-json.js';
import { repoJson } from './repo-json.js';
import { type RestRequest, type RestRouter, type RouteContext, repoOf } from './rest-router.js';

const DOC_STATUSES = 'https://docs.github.com/rest/commits/statuses';
const DOC_RUNS = 'https://docs.github.com/rest/checks/runs';
const STATES: readonly StatusState[] = ['error', 'failure', 'pending', 'success'];
const RUN_STATUSES: readonly CheckStatus[] = ['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending'];

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string, doc: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw invalidRequest(`For 'properties/${name}', "${value}" is not one of ${allowed.join(', ')}.`, doc);
  return value as T;
}

/** The commit a `{ref}` names (a sha, a branch or a tag), or GitHub's 422. */
function commitOf(ctx: RouteContext, req: RestRequest, doc: string) {
  const repo = repoOf(ctx, req);
  const commit = ctx.git.resolveCommit(repo, req.params.ref!);
  if (!commit) throw invalidRequest(`No commit found for SHA: ${req.params.ref}`, doc);
  return { repo, sha: commit.sha };
}

/**
 * Commit statuses and check runs, the two ways CI reports on a commit. Registered before the
 * commit routes: `/commits/{+ref}` would otherwise take `/commits/{sha}/status` for a ref.
 */
export function registerChecksRoutes(router: RestRouter, ctx: RouteContext): void {
  // https://docs.github.com/rest/commits/statuses#create-a-commit-status
  router.add('POST', '/repos/{owner}/{repo}/statuses/{sha}', (req) => {
    const doc = `${DOC_STATUSES}#create-a-commit-status`;
    const repo = repoOf(ctx, req);
    const state = oneOf(requiredString(req.body, 'state', doc), STATES, 'state', doc)!;
    const s = ctx.checks.addStatus(repo, req.params.sha!, {
      state,
      targetUrl: optionalString(req.body, 'target_url', doc) ?? null,
      description: optionalString(req.body, 'description', doc) ?? null,
      context: optionalString(req.body, 'context', doc) ?? 'default',
      creator: TOKEN_OWNER,
    });
    return { status: 201, body: statusJson(ctx.urls(), repo, s) };
  });

  // https://docs.github.com/rest/commits/statuses#get-the-combined-status-for-a-specific-reference
  // failure if any context is error or failure; pending if there are none or one is pending; success otherwise.
  router.add('GET', '/repos/{owner}/{repo}/commits/{ref}/status', (req) => {
    const { repo, sha } = commitOf(ctx, req, `${DOC_STATUSES}#get-the-combined-status-for-a-specific-reference`);
    const combined = ctx.checks.combined(repo, sha);
    const page = paginate(combined.latest, req, { defaultPerPage: 30, maxPerPage: 100 });
    const urls = ctx.urls();
    return {
      status: 200,
      headers: pageHeaders(page),
      body: {
        state: combined.state,
        statuses: page.items.map((s) => statusJson(urls, repo, s)),
        sha,
        total_count: combined.latest.length,
        repository: repoJson(urls, repo),
        commit_url: `${urls.repoApi(repo.name)}/commits/${sha}`,
        url: `${urls.repoApi(repo.name)}/commits/${sha}/status`,
      },
    };
  });

  // https://docs.github.com/rest/commits/statuses#list-commit-statuses-for-a-reference: newest first
  router.add('GET', '/repos/{owner}/{repo}/commits/{ref}/statuses', (req) => {
    const { repo, sha } = commitOf(ctx, req, `${DOC_STATUSES}#list-commit-statuses-for-a-reference`);
    const page = paginate(ctx.checks.statusesOf(repo, sha), req);
    return { status: 200, headers: pageHeaders(page), body: page.items.map((s) => statusJson(ctx.urls(), repo, s)) };
  });

  // https://docs.github.com/rest/checks/runs#create-a-check-run
  router.add('POST', '/repos/{owner}/{repo}/check-runs', (req) => {
    const doc = `${DOC_RUNS}#create-a-check-run`;
    const repo = repoOf(ctx, req);
    const run = ctx.checks.createRun(repo, {
      name: requiredString(req.body, 'name', doc),
      headSha: requiredString(req.body, 'head_sha', doc),
      status: oneOf(optionalString(req.body, 'status', doc), RUN_STATUSES, 'status', doc),
      conclusion: oneOf(optionalString(req.body, 'conclusion', doc), CHECK_CONCLUSIONS, 'conclusion', doc) as CheckConclusion | undefined,
      detailsUrl: optionalString(req.body, 'details_url', doc) ?? null,
      externalId: optionalString(req.body, 'external_id', doc),
    });
    return { status: 201, body: checkRunJson(ctx.urls(), ctx.checks, repo, run) };
  });

  // https://docs.github.com/rest/checks/runs#update-a-check-run
  router.add('PATCH', '/repos/{owner}/{repo}/check-runs/{id}', (req) => {
    const doc = `${DOC_RUNS}#update-a-check-run`;
    const repo = repoOf(ctx, req);
    const run = ctx.checks.updateRun(repo, runId(req), {
      status: oneOf(optionalString(req.body, 'status', doc), RUN_STATUSES, 'status', doc),
      conclusion: oneOf(optionalString(req.body, 'conclusion', doc), CHECK_CONCLUSIONS, 'conclusion', doc) as CheckConclusion | undefined,
      detailsUrl: optionalString(req.body, 'details_url', doc),
      name: optionalString(req.body, 'name', doc),
    });
    return { status: 200, body: checkRunJson(ctx.urls(), ctx.checks, repo, run) };
  });

  router.add('GET', '/repos/{owner}/{repo}/check-runs/{id}', (req) => {
    const repo = repoOf(ctx, req);
    return { status: 200, body: checkRunJson(ctx.urls(), ctx.checks, repo, ctx.checks.run(repo, runId(req))) };
  });

  // https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference: {total_count, check_runs}, filter=latest by default
  router.add('GET', '/repos/{owner}/{repo}/commits/{ref}/check-runs', (req) => {
    const { repo, sha } = commitOf(ctx, req, `${DOC_RUNS}#list-check-runs-for-a-git-reference`);
    const filter = req.query.get('filter') === 'all' ? 'all' : 'latest';
    const runs = ctx.checks.runsOf(repo, sha, { filter, name: req.query.get('check_name') ?? undefined, status: req.query.get('status') ?? undefined });
    const page = paginate(runs, req);
    return {
      status: 200,
      headers: pageHeaders(page),
      body: { total_count: runs.length, check_runs: page.items.map((r) => checkRunJson(ctx.urls(), ctx.checks, repo, r)) },
    };
  });
}

function runId(req: RestRequest): number {
  const id = Number(req.params.id);
  if (!Number.isInteger(id)) throw notFound(`${DOC_RUNS}#get-a-check-run`);
  return id;
}

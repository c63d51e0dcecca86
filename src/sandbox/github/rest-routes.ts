import { branchJson, commitJson, filesJson, singleCommitJson, tagListItemJson } from './commit-json.js';
import { type GitCommit, type RepoRecord, comparisonStatus } from './git-objects.js';
import { githubError, notFound } from './http-error.js';
import { pageHeaders, paginate } from './pagination.js';
import { accountJson, organizationJson } from './github-urls.js';
import { TOKEN_OWNER } from './release-json.js';
import { repoJson } from './repo-json.js';
import { type RestRouter, type RouteContext, repoOf } from './rest-router.js';

const DOC_COMMITS = 'https://docs.github.com/rest/commits/commits';

/** A repository without commits answers 409 on history endpoints, as GitHub does. */
export function assertNotEmpty(repo: RepoRecord, doc: string): void {
  if (repo.commits.size === 0) throw githubError(409, 'Git Repository is empty.', doc);
}

const SORT_KEYS: Record<string, (r: RepoRecord) => string> = {
  created: (r) => `${r.createdAt}\0${String(r.id).padStart(12, '0')}`,
  updated: (r) => r.pushedAt,
  pushed: (r) => r.pushedAt,
  full_name: (r) => r.name.toLowerCase(),
};

/** Repositories, tags, branches, commits and comparisons. */
export function registerRepoRoutes(router: RestRouter, ctx: RouteContext): void {
  router.add('GET', '/user', () => ({ status: 200, body: accountJson(ctx.urls(), TOKEN_OWNER) }));

  router.add('GET', '/orgs/{org}', (req) => {
    if (req.params.org?.toLowerCase() !== ctx.org.toLowerCase()) throw notFound('https://docs.github.com/rest/orgs/orgs#get-an-organization');
    return { status: 200, body: { ...organizationJson(ctx.urls()), html_url: `${ctx.urls().origin}/${ctx.org}`, type: 'Organization' } };
  });

  router.add('GET', '/repos/{owner}/{repo}', (req) => ({ status: 200, body: repoJson(ctx.urls(), repoOf(ctx, req)) }));

  router.add('GET', '/orgs/{org}/repos', (req) => {
    if (req.params.org?.toLowerCase() !== ctx.org.toLowerCase()) throw notFound('https://docs.github.com/rest/repos/repos#list-organization-repositories');
    const type = req.query.get('type') ?? 'all';
    const sort = req.query.get('sort') ?? 'created';
    const key = SORT_KEYS[sort] ?? SORT_KEYS.created!;
    // "Default: asc when using full_name, otherwise desc."
    const direction = req.query.get('direction') ?? (sort === 'full_name' ? 'asc' : 'desc');
    const repos = ctx.git
      .list()
      .filter((r) => (type === 'private' ? r.private : type === 'public' ? !r.private : true))
      .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (direction === 'asc' ? 1 : -1));
    const page = paginate(repos, req);
    return { status: 200, body: page.items.map((r) => repoJson(ctx.urls(), r)), headers: pageHeaders(page) };
  });

  router.add('GET', '/repos/{owner}/{repo}/tags', (req) => {
    const repo = repoOf(ctx, req);
    // Deliberately not semver order: names compared as strings, descending, so v1.9.0 comes
    // before v1.10.0. A client must never take the first tag as the latest.
    const names = [...repo.tags.keys()].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    const page = paginate(names, req);
    const body = page.items.map((name) => tagListItemJson(ctx.urls(), repo, name, ctx.git.peel(repo, repo.tags.get(name)!)));
    return { status: 200, body, headers: pageHeaders(page) };
  });

  router.add('GET', '/repos/{owner}/{repo}/branches', (req) => {
    const repo = repoOf(ctx, req);
    const names = [...repo.heads.keys()].sort();
    const page = paginate(names, req);
    const body = page.items.map((name) => branchJson(ctx.urls(), repo, name, repo.commits.get(repo.heads.get(name)!)!, false));
    return { status: 200, body, headers: pageHeaders(page) };
  });

  router.add('GET', '/repos/{owner}/{repo}/branches/{+branch}', (req) => {
    const repo = repoOf(ctx, req);
    const sha = repo.heads.get(req.params.branch!);
    if (!sha) throw githubError(404, 'Branch not found', 'https://docs.github.com/rest/branches/branches#get-a-branch');
    return { status: 200, body: branchJson(ctx.urls(), repo, req.params.branch!, repo.commits.get(sha)!, true) };
  });

  router.add('GET', '/repos/{owner}/{repo}/commits', (req) => {
    const repo = repoOf(ctx, req);
    assertNotEmpty(repo, `${DOC_COMMITS}#list-commits`);
    const start = ctx.git.resolveCommit(repo, req.query.get('sha') ?? repo.defaultBranch);
    if (!start) throw notFound(`${DOC_COMMITS}#list-commits`);
    const path = req.query.get('path');
    const since = req.query.get('since');
    const until = req.query.get('until');
    const commits = ctx.git
      .history(repo, start.sha)
      .filter(
        (c) =>
          (!path || [...c.changes.added, ...c.changes.modified, ...c.changes.removed].some((p) => p === path || p.startsWith(`${path}/`))) &&
          (!since || c.committer.date >= since) &&
          (!until || c.committer.date <= until),
      );
    const page = paginate(commits, req);
    return { status: 200, body: page.items.map((c) => commitJson(ctx.urls(), repo, c)), headers: pageHeaders(page) };
  });

  router.add('GET', '/repos/{owner}/{repo}/commits/{+ref}', (req) => {
    const repo = repoOf(ctx, req);
    assertNotEmpty(repo, `${DOC_COMMITS}#get-a-commit`);
    const commit = ctx.git.resolveCommit(repo, req.params.ref!);
    if (!commit) throw githubError(422, `No commit found for SHA: ${req.params.ref}`, `${DOC_COMMITS}#get-a-commit`);
    return { status: 200, body: singleCommitJson(ctx.urls(), repo, commit) };
  });

  router.add('GET', '/repos/{owner}/{repo}/compare/{+basehead}', (req) => {
    const repo = repoOf(ctx, req);
    const doc = `${DOC_COMMITS}#compare-two-commits`;
    const [baseName, headName, extra] = req.params.basehead!.split('...');
    if (!baseName || !headName || extra !== undefined) throw notFound(doc);
    const base = ctx.git.resolveCommit(repo, baseName);
    const head = ctx.git.resolveCommit(repo, headName);
    if (!base || !head) throw notFound(doc);
    const cmp = ctx.git.compare(repo, base.sha, head.sha);
    if (!cmp) throw githubError(404, `No common ancestor between ${baseName} and ${headName}.`, doc);
    // Compare pages hold up to 250 commits, oldest first; files only on the first page.
    const page = paginate(cmp.ahead, req, { defaultPerPage: 250, maxPerPage: 250 });
    const urls = ctx.urls();
    const html = urls.repoHtml(repo.name);
    const basehead = req.params.basehead!;
    const body = {
      url: `${urls.repoApi(repo.name)}/compare/${basehead}`,
      html_url: `${html}/compare/${basehead}`,
      permalink_url: `${html}/compare/${ctx.org}:${base.sha.slice(0, 7)}...${ctx.org}:${head.sha.slice(0, 7)}`,
      diff_url: `${html}/compare/${basehead}.diff`,
      patch_url: `${html}/compare/${basehead}.patch`,
      base_commit: commitJson(urls, repo, base),
      merge_base_commit: commitJson(urls, repo, cmp.mergeBase),
      status: comparisonStatus(cmp.ahead.length, cmp.behindBy),
      ahead_by: cmp.ahead.length,
      behind_by: cmp.behindBy,
      total_commits: cmp.ahead.length,
      commits: page.items.map((c: GitCommit) => commitJson(urls, repo, c)),
      files: page.page === 1 ? filesJson(urls, repo, head.sha, cmp.mergeBase.files, head.files) : [],
    };
    return { status: 200, body, headers: pageHeaders(page) };
  });
}

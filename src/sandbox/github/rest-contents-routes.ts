import type { GitCommit, Person, RepoRecord } from './git-objects.js';
import { blobSha } from './git-objects.js';
import type { GitHubUrls } from './github-urls.js';
import { nodeId } from './github-urls.js';
import { githubError, invalidRequest, notFound, optionalPerson, optionalString, requiredString } from './http-error.js';
import { TOKEN_OWNER } from './release-json.js';
import { assertWritable } from './rest-git-routes.js';
import { type RestRequest, type RestRouter, type RouteContext, repoOf } from './rest-router.js';

const DOC = 'https://docs.github.com/rest/repos/contents';

/** Who commits through the API when the request names nobody: the token's user. */
const TOKEN_PERSON: Person = { name: TOKEN_OWNER, email: `${TOKEN_OWNER}@users.noreply.github.com`, username: TOKEN_OWNER };

/** GitHub wraps base64 content at 60 characters, each line ending in a newline. */
function wrappedBase64(text: string): string {
  const b64 = Buffer.from(text, 'utf8').toString('base64');
  return (b64.match(/.{1,60}/g) ?? []).map((line) => `${line}\n`).join('');
}

function entryJson(urls: GitHubUrls, repo: RepoRecord, ref: string, path: string, type: 'file' | 'dir', content?: string): Record<string, unknown> {
  const api = urls.repoApi(repo.name);
  const sha = type === 'file' ? blobSha(content ?? '') : blobSha(`tree\0${path}`);
  const self = `${api}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const html = `${urls.repoHtml(repo.name)}/${type === 'file' ? 'blob' : 'tree'}/${ref}/${path}`;
  const git = `${api}/git/${type === 'file' ? 'blobs' : 'trees'}/${sha}`;
  return {
    name: path.split('/').pop(),
    path,
    sha,
    size: type === 'file' ? Buffer.byteLength(content ?? '', 'utf8') : 0,
    url: self,
    html_url: html,
    git_url: git,
    download_url: type === 'file' ? `${urls.origin}/${urls.org}/${repo.name}/raw/${ref}/${path}` : null,
    type,
    _links: { self, git, html },
  };
}

function commitSummaryJson(urls: GitHubUrls, repo: RepoRecord, c: GitCommit): Record<string, unknown> {
  const api = urls.repoApi(repo.name);
  return {
    sha: c.sha,
    node_id: nodeId('Commit', `${repo.id}:${c.sha}`),
    url: `${api}/git/commits/${c.sha}`,
    html_url: urls.commitHtml(repo.name, c.sha),
    author: { name: c.author.name, email: c.author.email, date: c.author.date },
    committer: { name: c.committer.name, email: c.committer.email, date: c.committer.date },
    tree: { sha: c.treeSha, url: `${api}/git/trees/${c.treeSha}` },
    message: c.message,
    parents: c.parents.map((p) => ({ sha: p, url: `${api}/git/commits/${p}`, html_url: urls.commitHtml(repo.name, p) })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

/** The contents API a gitops deployer edits files with. Every change is a real commit. */
export function registerContentsRoutes(router: RestRouter, ctx: RouteContext): void {
  const read = (req: RestRequest) => {
    const doc = `${DOC}#get-repository-content`;
    const repo = repoOf(ctx, req, doc);
    if (repo.commits.size === 0) throw githubError(404, 'This repository is empty.', doc);
    const ref = req.query.get('ref') ?? repo.defaultBranch;
    const commit = ctx.git.resolveCommit(repo, ref);
    if (!commit) throw githubError(404, `No commit found for the ref ${ref}`, doc);
    const path = (req.params.path ?? '').replace(/^\/+|\/+$/g, '');
    const content = commit.files.get(path);
    if (content !== undefined) {
      return { status: 200, body: { ...entryJson(ctx.urls(), repo, ref, path, 'file', content), content: wrappedBase64(content), encoding: 'base64' } };
    }
    const prefix = path === '' ? '' : `${path}/`;
    const children = new Map<string, 'file' | 'dir'>();
    for (const file of commit.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const [name, ...rest] = file.slice(prefix.length).split('/');
      children.set(`${prefix}${name}`, rest.length > 0 ? 'dir' : 'file');
    }
    if (children.size === 0) throw notFound(doc);
    const body = [...children].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, type]) => entryJson(ctx.urls(), repo, ref, p, type, commit.files.get(p)));
    return { status: 200, body };
  };
  router.add('GET', '/repos/{owner}/{repo}/contents', read);
  router.add('GET', '/repos/{owner}/{repo}/contents/{+path}', read);

  router.add('PUT', '/repos/{owner}/{repo}/contents/{+path}', (req) => {
    const doc = `${DOC}#create-or-update-file-contents`;
    const repo = repoOf(ctx, req, doc);
    const path = req.params.path!.replace(/^\/+|\/+$/g, '');
    const message = requiredString(req.body, 'message', doc);
    const content = Buffer.from(requiredString(req.body, 'content', doc), 'base64').toString('utf8');
    const sha = optionalString(req.body, 'sha', doc);
    const branch = optionalString(req.body, 'branch', doc) ?? repo.defaultBranch;
    assertWritable(repo);
    const head = repo.heads.get(branch);
    if (!head && repo.commits.size > 0) throw githubError(404, `Branch ${branch} not found`, doc);
    const current = head ? repo.commits.get(head)!.files.get(path) : undefined;
    if (current !== undefined) {
      if (sha === undefined) throw invalidRequest(`"sha" wasn't supplied.`, doc);
      if (sha !== blobSha(current)) throw githubError(409, `${path} does not match ${sha}`, doc);
    }
    const author = optionalPerson(req.body, 'author') ?? optionalPerson(req.body, 'committer') ?? TOKEN_PERSON;
    const committer = optionalPerson(req.body, 'committer') ?? author;
    const commit = ctx.git.commit(repo, message, { branch, author, committer, files: { [path]: content } });
    const urls = ctx.urls();
    return {
      status: current === undefined ? 201 : 200,
      body: { content: entryJson(urls, repo, branch, path, 'file', content), commit: commitSummaryJson(urls, repo, commit) },
    };
  });

  router.add('DELETE', '/repos/{owner}/{repo}/contents/{+path}', (req) => {
    const doc = `${DOC}#delete-a-file`;
    const repo = repoOf(ctx, req, doc);
    const path = req.params.path!.replace(/^\/+|\/+$/g, '');
    const message = requiredString(req.body, 'message', doc);
    const sha = requiredString(req.body, 'sha', doc);
    const branch = optionalString(req.body, 'branch', doc) ?? repo.defaultBranch;
    assertWritable(repo);
    const head = repo.heads.get(branch);
    const current = head ? repo.commits.get(head)!.files.get(path) : undefined;
    if (current === undefined) throw notFound(doc);
    if (sha !== blobSha(current)) throw githubError(409, `${path} does not match ${sha}`, doc);
    const author = optionalPerson(req.body, 'author') ?? TOKEN_PERSON;
    const commit = ctx.git.commit(repo, message, { branch, author, files: { [path]: null } });
    return { status: 200, body: { content: null, commit: commitSummaryJson(ctx.urls(), repo, commit) } };
  });
}

import { refJson, tagObjectJson } from './commit-json.js';
import type { RefTarget, RepoRecord } from './git-objects.js';
import { githubError, notFound, optionalBoolean, optionalPerson, requiredString } from './http-error.js';
import { type RestRequest, type RestRouter, type RouteContext, repoOf } from './rest-router.js';

const DOC_REFS = 'https://docs.github.com/rest/git/refs';
const DOC_TAGS = 'https://docs.github.com/rest/git/tags';

/** An archived repository is read-only: every write gets this 403 (not a rate limit). */
export function assertWritable(repo: RepoRecord): void {
  if (repo.archived) throw githubError(403, 'Repository was archived so is read-only.', 'https://docs.github.com/rest');
}

function allRefs(repo: RepoRecord): { ref: string; target: RefTarget }[] {
  const heads = [...repo.heads].map(([name, sha]) => ({ ref: `refs/heads/${name}`, target: { type: 'commit' as const, sha } }));
  const tags = [...repo.tags].map(([name, target]) => ({ ref: `refs/tags/${name}`, target }));
  return [...heads, ...tags].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}

function exactRef(repo: RepoRecord, ref: string): { ref: string; target: RefTarget } | undefined {
  return allRefs(repo).find((r) => r.ref === `refs/${ref}`);
}

/** Git database: refs and annotated tag objects. */
export function registerGitRoutes(router: RestRouter, ctx: RouteContext): void {
  const oneRef = (req: RestRequest) => {
    const repo = repoOf(ctx, req);
    const found = exactRef(repo, req.params.ref!);
    if (!found) throw notFound(`${DOC_REFS}#get-a-reference`);
    return { status: 200, body: refJson(ctx.urls(), repo, found.ref, found.target) };
  };
  router.add('GET', '/repos/{owner}/{repo}/git/ref/{+ref}', oneRef);

  router.add('GET', '/repos/{owner}/{repo}/git/matching-refs/{+ref}', (req) => {
    const repo = repoOf(ctx, req);
    const prefix = `refs/${req.params.ref}`;
    const body = allRefs(repo)
      .filter((r) => r.ref.startsWith(prefix))
      .map((r) => refJson(ctx.urls(), repo, r.ref, r.target));
    return { status: 200, body };
  });

  // The older form: an exact name gives the ref, a prefix gives the list of matching refs.
  router.add('GET', '/repos/{owner}/{repo}/git/refs/{+ref}', (req) => {
    const repo = repoOf(ctx, req);
    if (exactRef(repo, req.params.ref!)) return oneRef(req);
    const prefix = `refs/${req.params.ref}/`;
    const matching = allRefs(repo).filter((r) => r.ref.startsWith(prefix));
    if (matching.length === 0) throw notFound(`${DOC_REFS}#get-a-reference`);
    return { status: 200, body: matching.map((r) => refJson(ctx.urls(), repo, r.ref, r.target)) };
  });

  router.add('GET', '/repos/{owner}/{repo}/git/tags/{sha}', (req) => {
    const repo = repoOf(ctx, req);
    const tagObject = repo.tagObjects.get(req.params.sha!);
    if (!tagObject) throw notFound(`${DOC_TAGS}#get-a-tag`);
    return { status: 200, body: tagObjectJson(ctx.urls(), repo, tagObject) };
  });

  router.add('POST', '/repos/{owner}/{repo}/git/tags', (req) => {
    const doc = `${DOC_TAGS}#create-a-tag-object`;
    const repo = repoOf(ctx, req, doc);
    const tag = requiredString(req.body, 'tag', doc);
    const message = requiredString(req.body, 'message', doc);
    const object = requiredString(req.body, 'object', doc);
    requiredString(req.body, 'type', doc);
    assertWritable(repo);
    const tagger = optionalPerson(req.body, 'tagger');
    const created = ctx.git.createTagObject(repo, { tag, message, object, ...(tagger ? { tagger } : {}) });
    if (!created) throw githubError(422, 'Object does not exist', doc);
    // A tag object alone is not a tag: the ref comes with POST /git/refs.
    return { status: 201, body: tagObjectJson(ctx.urls(), repo, created) };
  });

  router.add('POST', '/repos/{owner}/{repo}/git/refs', (req) => {
    const doc = `${DOC_REFS}#create-a-reference`;
    const repo = repoOf(ctx, req, doc);
    const ref = requiredString(req.body, 'ref', doc);
    const sha = requiredString(req.body, 'sha', doc);
    assertWritable(repo);
    const result = ctx.git.createRef(repo, ref, sha);
    if (!result.ok) {
      const message =
        result.reason === 'exists'
          ? 'Reference already exists'
          : result.reason === 'unknown_object'
            ? 'Object does not exist'
            : "Reference name must start with 'refs/' and have at least two slashes.";
      throw githubError(422, message, doc);
    }
    return { status: 201, body: refJson(ctx.urls(), repo, ref, result.target) };
  });

  router.add('PATCH', '/repos/{owner}/{repo}/git/refs/{+ref}', (req) => {
    const doc = `${DOC_REFS}#update-a-reference`;
    const repo = repoOf(ctx, req, doc);
    const sha = requiredString(req.body, 'sha', doc);
    const force = optionalBoolean(req.body, 'force', doc) ?? false;
    assertWritable(repo);
    const found = exactRef(repo, req.params.ref!);
    if (!found) throw githubError(422, 'Reference does not exist', doc);
    const type = ctx.git.objectType(repo, sha);
    if (!type) throw githubError(422, 'Object does not exist', doc);
    const current = ctx.git.peel(repo, found.target);
    if (!force && !ctx.git.isAncestor(repo, current, ctx.git.peel(repo, { type, sha }))) {
      throw githubError(422, 'Update is not a fast forward', doc);
    }
    const name = found.ref.replace(/^refs\/(heads|tags)\//, '');
    if (found.ref.startsWith('refs/heads/')) repo.heads.set(name, sha);
    else repo.tags.set(name, { type, sha });
    return { status: 200, body: refJson(ctx.urls(), repo, found.ref, { type, sha }) };
  });

  router.add('DELETE', '/repos/{owner}/{repo}/git/refs/{+ref}', (req) => {
    const doc = `${DOC_REFS}#delete-a-reference`;
    const repo = repoOf(ctx, req, doc);
    assertWritable(repo);
    const found = exactRef(repo, req.params.ref!);
    if (!found) throw githubError(422, 'Reference does not exist', doc);
    const name = found.ref.replace(/^refs\/(heads|tags)\//, '');
    if (found.ref.startsWith('refs/heads/')) repo.heads.delete(name);
    else repo.tags.delete(name);
    return { status: 204 };
  });
}

import { githubError, invalidRequest, notFound, optionalBoolean, optionalString, requiredString, validationFailed } from './http-error.js';
import { pageHeaders, paginate } from './pagination.js';
import type { CreateReleaseResult, MakeLatest, ReleaseInput } from './release-book.js';
import { releaseJson } from './release-json.js';
import { generateReleaseNotes } from './release-notes.js';
import { assertWritable } from './rest-git-routes.js';
import { type RestRequest, type RestRouter, type RouteContext, repoOf } from './rest-router.js';
import type { ReleaseRecord, RepoRecord } from './git-objects.js';

const DOC = 'https://docs.github.com/rest/releases/releases';

function releaseFields(body: unknown, doc: string): Partial<ReleaseInput> {
  const fields: Partial<ReleaseInput> = {};
  const tagName = optionalString(body, 'tag_name', doc);
  const targetCommitish = optionalString(body, 'target_commitish', doc);
  const name = optionalString(body, 'name', doc);
  const text = optionalString(body, 'body', doc);
  const draft = optionalBoolean(body, 'draft', doc);
  const prerelease = optionalBoolean(body, 'prerelease', doc);
  if (tagName !== undefined) fields.tagName = tagName;
  if (targetCommitish !== undefined) fields.targetCommitish = targetCommitish;
  if (name !== undefined) fields.name = name;
  if (text !== undefined) fields.body = text;
  if (draft !== undefined) fields.draft = draft;
  if (prerelease !== undefined) fields.prerelease = prerelease;
  const makeLatest = optionalString(body, 'make_latest', doc);
  if (makeLatest !== undefined) {
    // GitHub validates the enum and answers 422 with its schema message.
    if (!isMakeLatest(makeLatest))
      throw invalidRequest(`For 'properties/make_latest', ${JSON.stringify(makeLatest)} is not a member of ["true", "false", "legacy"].`, doc);
    fields.makeLatest = makeLatest;
  }
  return fields;
}

function isMakeLatest(value: string): value is MakeLatest {
  return value === 'true' || value === 'false' || value === 'legacy';
}

function orFail(result: CreateReleaseResult, doc: string): ReleaseRecord {
  if (result.ok) return result.release;
  if (result.reason === 'already_exists') {
    throw validationFailed([{ resource: 'Release', code: 'already_exists', field: 'tag_name' }], doc);
  }
  throw validationFailed([{ resource: 'Release', code: 'invalid', field: 'target_commitish' }], doc);
}

/** Releases, and GitHub's generated notes. */
export function registerReleaseRoutes(router: RestRouter, ctx: RouteContext): void {
  const byId = (req: RestRequest, repo: RepoRecord, doc: string): ReleaseRecord => {
    const id = Number(req.params.id);
    const release = Number.isInteger(id) ? ctx.releases.byId(repo, id) : undefined;
    if (!release) throw notFound(doc);
    return release;
  };

  router.add('POST', '/repos/{owner}/{repo}/releases', (req) => {
    const doc = `${DOC}#create-a-release`;
    const repo = repoOf(ctx, req, doc);
    const tagName = requiredString(req.body, 'tag_name', doc);
    const input: ReleaseInput = { ...releaseFields(req.body, doc), tagName };
    assertWritable(repo);
    if (optionalBoolean(req.body, 'generate_release_notes', doc) && !ctx.releases.publishedFor(repo, tagName)) {
      const notes = generateReleaseNotes(ctx.git, ctx.releases, ctx.urls(), repo, {
        tagName,
        ...(input.targetCommitish ? { targetCommitish: input.targetCommitish } : {}),
      });
      if (notes.ok) {
        input.name ??= notes.name;
        // "If body is specified, the body will be pre-pended to the automatically generated notes."
        input.body = input.body ? `${input.body}\n\n${notes.body}` : notes.body;
      }
    }
    const release = orFail(ctx.releases.create(repo, input), doc);
    const json = releaseJson(ctx.urls(), repo, release);
    return { status: 201, body: json, headers: { location: String(json.url) } };
  });

  router.add('GET', '/repos/{owner}/{repo}/releases', (req) => {
    const repo = repoOf(ctx, req);
    const page = paginate(ctx.releases.list(repo), req);
    return { status: 200, body: page.items.map((r) => releaseJson(ctx.urls(), repo, r)), headers: pageHeaders(page) };
  });

  router.add('GET', '/repos/{owner}/{repo}/releases/latest', (req) => {
    const repo = repoOf(ctx, req);
    const latest = ctx.releases.latest(repo);
    if (!latest) throw notFound(`${DOC}#get-the-latest-release`);
    return { status: 200, body: releaseJson(ctx.urls(), repo, latest) };
  });

  router.add('GET', '/repos/{owner}/{repo}/releases/tags/{+tag}', (req) => {
    const repo = repoOf(ctx, req);
    const release = ctx.releases.publishedFor(repo, req.params.tag!);
    if (!release) throw notFound(`${DOC}#get-a-release-by-tag-name`);
    return { status: 200, body: releaseJson(ctx.urls(), repo, release) };
  });

  router.add('GET', '/repos/{owner}/{repo}/releases/{id}', (req) => {
    const repo = repoOf(ctx, req);
    return { status: 200, body: releaseJson(ctx.urls(), repo, byId(req, repo, `${DOC}#get-a-release`)) };
  });

  router.add('PATCH', '/repos/{owner}/{repo}/releases/{id}', (req) => {
    const doc = `${DOC}#update-a-release`;
    const repo = repoOf(ctx, req, doc);
    const release = byId(req, repo, doc);
    assertWritable(repo);
    const updated = orFail(ctx.releases.update(repo, release, releaseFields(req.body, doc)), doc);
    return { status: 200, body: releaseJson(ctx.urls(), repo, updated) };
  });

  router.add('DELETE', '/repos/{owner}/{repo}/releases/{id}', (req) => {
    const doc = `${DOC}#delete-a-release`;
    const repo = repoOf(ctx, req, doc);
    const release = byId(req, repo, doc);
    assertWritable(repo);
    // Deleting a release leaves its tag, as on GitHub.
    repo.releases.splice(repo.releases.indexOf(release), 1);
    return { status: 204 };
  });

  router.add('POST', '/repos/{owner}/{repo}/releases/generate-notes', (req) => {
    const doc = `${DOC}#generate-release-notes-content-for-a-release`;
    const repo = repoOf(ctx, req, doc);
    const tagName = requiredString(req.body, 'tag_name', doc);
    const targetCommitish = optionalString(req.body, 'target_commitish', doc);
    const previousTagName = optionalString(req.body, 'previous_tag_name', doc);
    const notes = generateReleaseNotes(ctx.git, ctx.releases, ctx.urls(), repo, {
      tagName,
      ...(targetCommitish !== undefined ? { targetCommitish } : {}),
      ...(previousTagName !== undefined ? { previousTagName } : {}),
    });
    if (!notes.ok) {
      if (notes.field === 'previous_tag_name') throw notFound(doc);
      throw githubError(422, 'Validation Failed', doc, { errors: [{ resource: 'Release', code: 'invalid', field: notes.field }] });
    }
    return { status: 200, body: { name: notes.name, body: notes.body } };
  });
}

import { DEPLOYMENT_STATES, type DeploymentBook, type DeploymentRecord, type DeploymentState } from './deployment-book.js';
import { deploymentJson, deploymentStatusJson } from './deployment-json.js';
import type { RepoRecord } from './git-objects.js';
import { githubError, invalidRequest, notFound, optionalBoolean, optionalString, requiredString, validationFailed } from './http-error.js';
import { pageHeaders, paginate } from './pagination.js';
import { assertWritable } from './rest-git-routes.js';
import { type RestRequest, type RestRouter, type RouteContext, repoOf } from './rest-router.js';

const DOC = 'https://docs.github.com/rest/deployments/deployments';
const STATUS_DOC = 'https://docs.github.com/rest/deployments/statuses';

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

function requiredContexts(body: unknown, doc: string): string[] | undefined {
  const value = field(body, 'required_contexts');
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((c) => typeof c !== 'string'))
    throw invalidRequest(`For 'properties/required_contexts', ${JSON.stringify(value)} is not an array of strings.`, doc);
  return value as string[];
}

function payloadOf(body: unknown, doc: string): unknown {
  const value = field(body, 'payload');
  if (value === undefined || value === null) return {};
  if (typeof value !== 'string' && (typeof value !== 'object' || Array.isArray(value)))
    throw invalidRequest(`For 'properties/payload', ${JSON.stringify(value)} is not an object or a string.`, doc);
  return value;
}

function isState(value: string): value is DeploymentState {
  return (DEPLOYMENT_STATES as readonly string[]).includes(value);
}

/**
 * Deployments and deployment statuses (https://docs.github.com/rest/deployments). The emulator
 * keeps no commit statuses, so `required_contexts` left out verifies nothing, and contexts named
 * in it are never submitted: a 409, as GitHub answers when a required context is not `success`.
 */
export function registerDeploymentRoutes(router: RestRouter, ctx: RouteContext, book: DeploymentBook): void {
  const byId = (req: RestRequest, repo: RepoRecord, doc: string): DeploymentRecord => {
    const id = Number(req.params.id);
    const deployment = Number.isInteger(id) ? book.byId(repo, id) : undefined;
    if (!deployment) throw notFound(doc);
    return deployment;
  };

  router.add('POST', '/repos/{owner}/{repo}/deployments', (req) => {
    const doc = `${DOC}#create-a-deployment`;
    const repo = repoOf(ctx, req, doc);
    const ref = requiredString(req.body, 'ref', doc);
    const task = optionalString(req.body, 'task', doc) ?? 'deploy';
    const autoMerge = optionalBoolean(req.body, 'auto_merge', doc) ?? true;
    const contexts = requiredContexts(req.body, doc);
    const payload = payloadOf(req.body, doc);
    // "The default environment is production."
    const environment = optionalString(req.body, 'environment', doc) ?? 'production';
    const description = optionalString(req.body, 'description', doc) ?? '';
    const transientEnvironment = optionalBoolean(req.body, 'transient_environment', doc) ?? false;
    // "Default: true when environment is production and false otherwise."
    const productionEnvironment = optionalBoolean(req.body, 'production_environment', doc) ?? environment === 'production';
    assertWritable(repo);
    const commit = ctx.git.resolveCommit(repo, ref);
    if (!commit) throw githubError(422, `No ref found for: ${ref}`, doc);

    // auto_merge (default true): "Attempts to automatically merge the default branch into the
    // requested ref, if it's behind the default branch." A branch is merged (202, no deployment);
    // a tag or a sha cannot take a merge: 409 "Conflict when there is a merge conflict".
    const defaultHead = repo.heads.get(repo.defaultBranch);
    if (autoMerge && defaultHead && !ctx.git.isAncestor(repo, defaultHead, commit.sha)) {
      const resolved = ctx.git.resolveRef(repo, ref)?.ref;
      const branch = resolved?.startsWith('refs/heads/') ? resolved.slice('refs/heads/'.length) : undefined;
      if (!branch) throw githubError(409, `Conflict merging ${repo.defaultBranch} into ${ref}.`, doc);
      ctx.git.merge(repo, repo.defaultBranch, branch, { ff: false, message: `Merge ${repo.defaultBranch} into ${branch}` });
      return { status: 202, body: { message: `Auto-merged ${repo.defaultBranch} into ${branch} on deployment.` } };
    }
    if (contexts && contexts.length > 0) {
      throw githubError(409, `Conflict: Commit status checks failed for ${ref}.`, doc, {
        errors: [{ contexts: contexts.map((context) => ({ context, state: 'missing' })), resource: 'Deployment', field: 'required_contexts', code: 'invalid' }],
      });
    }
    const deployment = book.create(repo, {
      sha: commit.sha,
      ref,
      task,
      payload,
      environment,
      description,
      transientEnvironment,
      productionEnvironment,
    });
    const json = deploymentJson(ctx.urls(), repo, deployment);
    return { status: 201, body: json, headers: { location: String(json.url) } };
  });

  router.add('GET', '/repos/{owner}/{repo}/deployments', (req) => {
    const repo = repoOf(ctx, req, `${DOC}#list-deployments`);
    const q = (name: string) => req.query.get(name) ?? undefined;
    const [sha, ref, task, environment] = [q('sha'), q('ref'), q('task'), q('environment')];
    const matching = book
      .list(repo)
      .filter(
        (d) =>
          (sha === undefined || d.sha === sha) &&
          (ref === undefined || d.ref === ref) &&
          (task === undefined || d.task === task) &&
          (environment === undefined || d.environment === environment),
      );
    const page = paginate(matching, req);
    return { status: 200, body: page.items.map((d) => deploymentJson(ctx.urls(), repo, d)), headers: pageHeaders(page) };
  });

  router.add('GET', '/repos/{owner}/{repo}/deployments/{id}', (req) => {
    const doc = `${DOC}#get-a-deployment`;
    const repo = repoOf(ctx, req, doc);
    return { status: 200, body: deploymentJson(ctx.urls(), repo, byId(req, repo, doc)) };
  });

  router.add('POST', '/repos/{owner}/{repo}/deployments/{id}/statuses', (req) => {
    const doc = `${STATUS_DOC}#create-a-deployment-status`;
    const repo = repoOf(ctx, req, doc);
    const deployment = byId(req, repo, doc);
    const state = requiredString(req.body, 'state', doc);
    if (!isState(state))
      throw invalidRequest(
        `For 'properties/state', ${JSON.stringify(state)} is not a member of ${JSON.stringify(DEPLOYMENT_STATES).replaceAll(',', ', ')}.`,
        doc,
      );
    const description = optionalString(req.body, 'description', doc) ?? '';
    // "The maximum description length is 140 characters."
    if (description.length > 140)
      throw validationFailed(
        [{ resource: 'DeploymentStatus', code: 'custom', field: 'description', message: 'description is too long (maximum is 140 characters)' }],
        doc,
      );
    const logUrl = optionalString(req.body, 'log_url', doc) ?? optionalString(req.body, 'target_url', doc) ?? '';
    const environment = optionalString(req.body, 'environment', doc);
    assertWritable(repo);
    const status = book.addStatus(repo, deployment, {
      state,
      description,
      ...(environment !== undefined ? { environment } : {}),
      logUrl,
      environmentUrl: optionalString(req.body, 'environment_url', doc) ?? '',
      autoInactive: optionalBoolean(req.body, 'auto_inactive', doc) ?? true,
    });
    const json = deploymentStatusJson(ctx.urls(), repo, deployment, status);
    return { status: 201, body: json, headers: { location: String(json.url) } };
  });

  router.add('GET', '/repos/{owner}/{repo}/deployments/{id}/statuses', (req) => {
    const doc = `${STATUS_DOC}#list-deployment-statuses`;
    const repo = repoOf(ctx, req, doc);
    const deployment = byId(req, repo, doc);
    // Newest first, like GET /deployments.
    const page = paginate([...deployment.statuses].reverse(), req);
    return { status: 200, body: page.items.map((s) => deploymentStatusJson(ctx.urls(), repo, deployment, s)), headers: pageHeaders(page) };
  });
}

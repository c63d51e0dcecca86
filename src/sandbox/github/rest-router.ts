import type { GitModel } from './git-model.js';
import type { GitHubUrls } from './github-urls.js';
import type { ReleaseBook } from './release-book.js';
import type { ChecksBook } from './checks-book.js';
import type { RepoRecord } from './git-objects.js';
import { notFound } from './http-error.js';
import type { Identity } from './app-registry.js';

export interface RestRequest {
  method: string;
  /** decoded path parameters */
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** the absolute URL the client asked for, the base of `Link` headers */
  url: URL;
  /** who asked (the pipeline has authenticated every request a route sees) */
  identity?: Identity;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (req: RestRequest) => RestResponse;

/** What every route reads and changes. */
export interface RouteContext {
  org: string;
  git: GitModel;
  releases: ReleaseBook;
  checks: ChecksBook;
  urls(): GitHubUrls;
}

interface Route {
  method: string;
  segments: string[];
  handler: RouteHandler;
}

/**
 * Matches `/repos/{owner}/{repo}/git/ref/{+ref}`-style templates against the raw path. Octokit
 * sends `tags/v1` in `{ref}` as `tags%2Fv1`, and a trailing `{+x}` takes the rest of the path
 * either way.
 */
export class RestRouter {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: RouteHandler): void {
    this.routes.push({ method, segments: template.split('/').slice(1), handler });
  }

  match(method: string, rawPath: string): { handler: RouteHandler; params: Record<string, string> } | undefined {
    const parts = rawPath.split('/').slice(1);
    const wanted = method === 'HEAD' ? 'GET' : method;
    for (const route of this.routes) {
      if (route.method !== wanted) continue;
      const params = matchSegments(route.segments, parts);
      if (params) return { handler: route.handler, params };
    }
    return undefined;
  }
}

function matchSegments(template: string[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    if (t.startsWith('{+')) {
      if (i !== template.length - 1 || parts.length <= i) return undefined;
      params[t.slice(2, -1)] = safeDecode(parts.slice(i).join('/'));
      return params;
    }
    const part = parts[i];
    if (part === undefined || part === '') return undefined;
    if (t.startsWith('{')) params[t.slice(1, -1)] = safeDecode(part);
    else if (t !== part) return undefined;
  }
  return parts.length === template.length ? params : undefined;
}

/** `decodeURIComponent`, leaving a malformed escape as it is. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The repository of `/repos/{owner}/{repo}/…`, or GitHub's 404 (other owners do not exist here). */
export function repoOf(ctx: RouteContext, req: RestRequest, doc?: string): RepoRecord {
  const { owner, repo } = req.params;
  const record = owner?.toLowerCase() === ctx.org.toLowerCase() && repo ? ctx.git.find(repo) : undefined;
  if (!record) throw notFound(doc ?? 'https://docs.github.com/rest/repos/repos#get-a-repository');
  return record;
}

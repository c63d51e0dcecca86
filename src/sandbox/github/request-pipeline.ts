import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestKind, StatsRecorder } from './emulator-stats.js';
import type { FailureScript } from './failure-script.js';
import { DOCS, HttpError, githubError } from './http-error.js';
import { type RestRouter, safeDecode } from './rest-router.js';
import type { SlidingWindowLimiter } from './write-limiter.js';
import type { AppRegistry, Identity } from './app-registry.js';
import { authenticate, needsJwt } from './authenticate.js';
import { entityTag, notModified } from './conditional-request.js';
import type { PrimaryLimit } from './primary-limit.js';

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** not counted against the primary limit (a refusal for having spent it) */
  uncounted?: true;
}

export interface PipelineDeps {
  token: string;
  /** GitHub Apps, their installations and tokens */
  apps: AppRegistry;
  latencyMs: number;
  stats: StatsRecorder;
  failures: FailureScript;
  limiter: SlidingWindowLimiter | undefined;
  /** the hourly request quota every answer reports in `x-ratelimit-*` */
  primary: PrimaryLimit;
  router: RestRouter;
  graphql(body: unknown): Promise<Answer>;
  /** `http://127.0.0.1:PORT`, known once the server listens */
  origin(): string;
  /** awaited once the answer is known (and the model changed), before it is sent */
  beforeRespond(): BeforeRespondHook | undefined;
}

export type BeforeRespondHook = (r: { method: string; path: string; status: number }) => void | Promise<void>;

const SECONDARY_DOC = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

export function secondaryLimitBody(requestId: string): Record<string, unknown> {
  return {
    message:
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
      `If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
    documentation_url: SECONDARY_DOC,
  };
}

function classify(method: string, pathname: string, isGraphql: boolean): RequestKind {
  if (isGraphql) return 'graphql';
  if (pathname === '/api/v3/rate_limit') return 'free';
  if (method === 'GET' || method === 'HEAD') return 'read';
  // minting an installation token creates no content: no secondary limit counts it
  if (needsJwt(pathname.replace(/^\/api\/v3(?=\/|$)/, ''))) return 'read';
  // generate-notes is a POST that creates nothing: it does not count as content creation.
  if (/\/releases\/generate-notes$/.test(pathname)) return 'read';
  return 'write';
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string): unknown {
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw githubError(400, 'Problems parsing JSON');
  }
}

function isSecondaryLimit(answer: Answer): boolean {
  const message = (answer.body as { message?: unknown } | undefined)?.message;
  return answer.status === 403 && typeof message === 'string' && /secondary rate/i.test(message);
}

/** Latency, auth, scripted failures, the write limit, then REST or GraphQL; every step counted. */
export function createRequestListener(deps: PipelineDeps): (req: IncomingMessage, res: ServerResponse) => void {
  let requestSeq = 0;

  async function respond(
    req: IncomingMessage,
    url: URL,
    path: string,
    apiPath: string,
    method: string,
    kind: RequestKind,
    requestId: string,
    who: { identity?: Identity },
  ): Promise<Answer> {
    const raw = await readBody(req);
    // checked on arrival, as a token that expires while the request travels was valid when it was sent
    const auth = authenticate(req.headers.authorization, apiPath, { token: deps.token, apps: deps.apps, now: Date.now() });
    if (deps.latencyMs > 0) await sleep(deps.latencyMs);
    if (!auth.ok) return { status: auth.status, body: auth.body };
    who.identity = auth.identity;

    // never spent on the bot's free start-up check of its rate limit
    const scripted = kind === 'free' ? undefined : deps.failures.take(method, path, apiPath);
    if (scripted) {
      const body = scripted.body ?? (scripted.status === 403 ? secondaryLimitBody(requestId) : { message: STATUS_CODES[scripted.status] ?? 'Error' });
      return { status: scripted.status, body, headers: scripted.headers ?? {} };
    }

    // The primary limit, when the emulator enforces it: REST requests past it are refused until its reset.
    const spent = kind !== 'free' && kind !== 'graphql' ? deps.primary.refusal(auth.identity, 'core', Date.now()) : undefined;
    if (spent) return { status: 403, body: spent, uncounted: true };

    if (kind === 'write' && deps.limiter) {
      const admission = deps.limiter.admit(Date.now());
      if (!admission.ok) return { status: 403, body: secondaryLimitBody(requestId), headers: { 'retry-after': String(admission.retryAfterSeconds) } };
    }

    if (kind === 'graphql') {
      if (method !== 'POST') return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/graphql' } };
      return deps.graphql(parseJson(raw));
    }
    const route = url.pathname.startsWith('/api/v3/') ? deps.router.match(method, url.pathname.slice('/api/v3'.length)) : undefined;
    if (!route) throw githubError(404, 'Not Found');
    const body = method === 'GET' || method === 'HEAD' ? undefined : parseJson(raw);
    return route.handler({ method, params: route.params, query: url.searchParams, body, url, identity: auth.identity });
  }

  return (req, res) => {
    const url = new URL(req.url ?? '/', deps.origin());
    const method = (req.method ?? 'GET').toUpperCase();
    const isGraphql = url.pathname === '/api/graphql';
    // Octokit sends `tags/v1` in one path parameter as `tags%2Fv1`: stats, hooks and failNext
    // see the decoded path, the router the raw one.
    const path = safeDecode(url.pathname);
    const apiPath = isGraphql ? '/graphql' : path.replace(/^\/api\/v3(?=\/|$)/, '') || '/';
    const kind = classify(method, url.pathname, isGraphql);
    const requestId = `EMU0:${(++requestSeq).toString(16).toUpperCase().padStart(6, '0')}:${Date.now().toString(16).toUpperCase()}`;
    deps.stats.begin(kind);
    const who: { identity?: Identity } = {};

    const send = (given: Answer): void => {
      let answer = given;
      let payload = answer.status === 204 || answer.body === undefined ? '' : JSON.stringify(answer.body);
      // A REST read carries an ETag; asked again with it in If-None-Match, unchanged, it is a 304 without a body.
      const etag = !isGraphql && (method === 'GET' || method === 'HEAD') && answer.status === 200 ? entityTag(payload) : undefined;
      if (etag) answer = { ...answer, headers: { ...answer.headers, etag } };
      const unchanged = etag !== undefined && notModified(req.headers['if-none-match'], etag);
      if (unchanged) {
        answer = { status: 304, headers: { etag } };
        payload = '';
      }
      const headers: Record<string, string> = {
        'content-type': 'application/json; charset=utf-8',
        'x-github-media-type': 'github.v3; format=json',
        'x-github-api-version-selected': '2022-11-28',
        'x-github-request-id': requestId,
        // Free: "Accessing this endpoint does not count against your REST API rate limit" (GET /rate_limit),
        // and "Making a conditional request does not count against your primary rate limit if a 304
        // response is returned": https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
        ...deps.primary.headers(
          deps.primary.take(who.identity, isGraphql ? 'graphql' : 'core', Date.now(), apiPath === '/rate_limit' || unchanged || answer.uncounted === true),
          isGraphql ? 'graphql' : 'core',
        ),
        ...answer.headers,
        'content-length': String(Buffer.byteLength(payload)),
      };
      res.writeHead(answer.status, headers);
      res.end(method === 'HEAD' ? undefined : payload);
      deps.stats.end({ method, path, status: answer.status, at: Date.now() }, isSecondaryLimit(answer), kind, given.uncounted === true);
    };
    const finish = (answer: Answer): void => {
      const hook = deps.beforeRespond();
      if (!hook) return send(answer);
      // A test may kill its client here: the change is made, the answer not yet heard.
      Promise.resolve()
        .then(() => hook({ method, path, status: answer.status }))
        .then(
          () => send(answer),
          (error: unknown) => {
            console.error('GitHubEmulator: onBeforeRespond hook failed', error);
            send(answer);
          },
        );
    };

    respond(req, url, path, apiPath, method, kind, requestId, who).then(finish, (error: unknown) => {
      if (error instanceof HttpError) finish({ status: error.status, body: error.body, headers: error.headers });
      else finish({ status: 500, body: { message: `Emulator error: ${error instanceof Error ? error.message : String(error)}`, documentation_url: DOCS } });
    });
  };
}

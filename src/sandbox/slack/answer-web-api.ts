import { chatMethods, fail, type MethodHandler } from './chat-methods.js';
import type { RateLimiter } from './rate-limiter.js';
import type { ApiRequest } from './read-request.js';
import { rateLimited, type ScriptedFailures } from './scripted-failures.js';
import type { ApiAnswer, ApiCall } from './types.js';
import { appTokenMethods, workspaceMethods } from './workspace-methods.js';
import type { Workspace } from './workspace.js';

export interface WebApiDeps {
  ws: Workspace;
  botToken: string;
  appToken: string;
  failures: ScriptedFailures;
  limiter: RateLimiter;
  record(call: ApiCall): void;
}

const botMethods: Record<string, MethodHandler> = { ...chatMethods, ...workspaceMethods, 'views.open': (ws, args) => ws.views.viewsOpen(args) };

/**
 * One `POST /api/<method>` as Slack answers it: `unknown_method`, then authentication
 * (`not_authed`, `invalid_auth`, `not_allowed_token_type`), then any scripted failure or
 * rate limit, then the method itself. Every call is recorded, refused or not.
 */
export function answerWebApi(deps: WebApiDeps, method: string, request: ApiRequest): ApiAnswer {
  const answer = dispatch(deps, method, request);
  const body = answer.body;
  deps.record({
    method,
    args: decodeJsonArgs(request.args),
    ok: body.ok === true,
    ...(body.ok === true ? {} : { error: typeof body.error === 'string' ? body.error : `http_${answer.status}` }),
    at: Date.now(),
  });
  return answer;
}

function dispatch(deps: WebApiDeps, method: string, request: ApiRequest): ApiAnswer {
  const forBot = botMethods[method];
  const forApp = appTokenMethods[method];
  const handler = forBot ?? forApp;
  if (!handler) return ok200(fail('unknown_method'));
  if (request.malformed) return ok200(fail('invalid_json'));
  if (!request.token) return ok200(fail('not_authed'));
  const kind = request.token === deps.botToken ? 'bot' : request.token === deps.appToken ? 'app' : undefined;
  if (!kind) return ok200(fail('invalid_auth'));
  if ((kind === 'bot' && !forBot) || (kind === 'app' && !forApp)) return ok200(fail('not_allowed_token_type'));
  const scripted = deps.failures.take(method);
  if (scripted?.processed) handler(deps.ws, request.args);
  if (scripted) return scripted.answer;
  const retryAfter = deps.limiter.check(method);
  if (retryAfter !== undefined) return rateLimited(retryAfter);
  return ok200(handler(deps.ws, request.args));
}

function ok200(body: Record<string, unknown>): ApiAnswer {
  return { status: 200, body };
}

/** Form-encoded calls carry `blocks` as JSON text; record them decoded so tests can read them. */
function decodeJsonArgs(args: Record<string, unknown>): Record<string, unknown> {
  const out = { ...args };
  for (const key of ['blocks', 'attachments', 'metadata', 'view']) {
    const value = out[key];
    if (typeof value !== 'string') continue;
    try {
      out[key] = JSON.parse(value);
    } catch {
      // Left as sent: the method answered invalid_blocks_format.
    }
  }
  return out;
}

/**
 * The one error type for bugs and outages, and the catalogue of what it can say. Expected
 * outcomes (nothing to release, not allowed, tag exists elsewhere) are returned as values, not
 * thrown. Every code says what went wrong and how to fix it, in words a person can act on (after
 * semantic-release's lib/definitions/errors.js); the text of an exception from outside (a
 * stack, a SQL error, a URL) never reaches a user: `toBotError` keeps it as `cause`, for the log.
 */

/** What each code needs to say what happened. */
export interface ErrorDetails {
  /** the problems, worded by whoever found them (one per line) */
  config_invalid: string;
  port_in_use: { port: string | number };
  database_ahead: { versions: readonly number[] };
  database_unreachable: { where: string; reason: string };
  sandbox_not_installed: { missing: string };
  github_bad_credentials: Record<string, never>;
  github_app_key_rejected: { appId: string; reason?: string };
  github_app_not_installed: { appId: string; org: string; installationId?: number };
  github_app_permissions_missing: { org: string; lacking: readonly string[] };
  github_forbidden: { request?: string; reason?: string };
  github_rate_limited: { request?: string };
  github_not_found: { request?: string };
  github_rejected: { request?: string; reason?: string; status?: number };
  github_unavailable: { request?: string; status?: number };
  slack_not_in_channel: Record<string, never>;
  slack_channel_not_found: Record<string, never>;
  slack_bad_credentials: { error: string };
  slack_rate_limited: Record<string, never>;
  slack_rejected: { error: string };
  slack_unavailable: Record<string, never>;
  internal: Record<string, never>;
}

export type ErrorCode = keyof ErrorDetails;

export interface ErrorDefinition<C extends ErrorCode> {
  /** what went wrong: one sentence, no final full stop */
  message: (details: ErrorDetails[C]) => string;
  /** what to do about it: whole sentences */
  fix: string;
}

/** `(403, POST /repos/acme/widget/git/tags: Resource not accessible)`, with what is known */
const answer = (status: number | undefined, request?: string, reason?: string) => {
  const head = [status, request].filter((x) => x !== undefined).join(', ');
  return head || reason ? ` (${head}${head && reason ? ': ' : ''}${reason ?? ''})` : '';
};

export const ERRORS: { [C in ErrorCode]: ErrorDefinition<C> } = {
  config_invalid: {
    message: (problems) => problems,
    fix: 'Correct the settings named above (environment variables or release-bot.yml), then start the bot again.',
  },
  port_in_use: {
    message: ({ port }) => `PORT ${port} is in use`,
    fix: 'Stop what runs there, or start on another port (PORT=3001 npm start).',
  },
  database_unreachable: {
    message: ({ where, reason }) => `PostgreSQL at ${where} could not be used (${reason})`,
    fix: 'Check DATABASE_URL (host, port, database, user and password), that the server runs and takes connections from here, and that the user may create tables in that database.',
  },
  database_ahead: {
    message: ({ versions }) => `The database has migrations this bot does not know (${versions.join(', ')}); it was written by a newer release-bot`,
    fix: 'Run that newer version, or restore a backup of the database taken before it ran.',
  },
  sandbox_not_installed: {
    message: ({ missing }) =>
      `No production variables are set, so this is the sandbox, but this install has no ${missing}: the sandbox needs the development dependencies`,
    fix: 'To run the bot, set the variables the README lists (SLACK_BOT_TOKEN, GITHUB_TOKEN…). For the sandbox, install everything with npm ci and run npm start.',
  },
  github_bad_credentials: {
    message: () => "GitHub refused the bot's credentials (401)",
    fix: "Check GITHUB_TOKEN: it may be mistyped, expired or revoked. Put a valid token in the bot's environment and restart it. With a GitHub App (GITHUB_APP_ID), check that the App is still installed on the organisation and its key was not revoked.",
  },
  // https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app
  github_app_key_rejected: {
    message: ({ appId, reason }) => `GitHub refused the JSON Web Token signed for GitHub App ${appId}${answer(401, undefined, reason)}`,
    fix:
      "Check that GITHUB_APP_ID is the App ID shown on the App's settings page and that the private key is one of that App's keys (a key that was deleted or belongs to another App is refused): " +
      'generate a new one under Private keys, put it in GITHUB_APP_PRIVATE_KEY (or its file in GITHUB_APP_PRIVATE_KEY_PATH) and restart the bot. ' +
      "If GitHub's reason names the 'exp' or 'iat' claim, this machine's clock is off: synchronise it (NTP).",
  },
  github_app_not_installed: {
    message: ({ appId, org, installationId }) =>
      installationId === undefined
        ? `GitHub App ${appId} is not installed on the organisation ${org} (404, GET /orgs/${org}/installation)`
        : `GitHub App ${appId} has no installation ${installationId} on the organisation ${org}`,
    fix:
      "Install the App on the organisation: the App's settings page → Install App → the organisation → All repositories (or those the bot releases). " +
      'Leave GITHUB_APP_INSTALLATION_ID unset to have the bot find the installation from GITHUB_ORG, then restart the bot.',
  },
  github_app_permissions_missing: {
    message: ({ org, lacking }) => `The GitHub App's installation on ${org} lacks permissions the bot needs: ${(lacking ?? []).join(', ')}`,
    fix:
      "Grant them on the App's settings page → Permissions & events → Repository permissions (Contents: Read and write, Metadata: Read-only, Checks: Read-only, Commit statuses: Read-only, Deployments: Read and write, Packages: Read-only), " +
      'then have an owner of the organisation accept the new permissions (Organization settings → GitHub Apps → the App → Review request), and restart the bot.',
  },
  github_forbidden: {
    message: ({ request, reason }) => `GitHub did not allow the bot to do this${answer(403, request, reason)}`,
    fix: 'Give the token access to the repository (contents: write for tags and releases), or check branch and tag protection rules, then try again.',
  },
  github_rate_limited: {
    message: ({ request }) => `GitHub is limiting how fast the bot may call it${answer(undefined, request)}`,
    fix: 'Wait a few minutes and try again; the limit lifts on its own. If it happens often, lower github.writesPerMinute in release-bot.yml.',
  },
  github_not_found: {
    message: ({ request }) => `GitHub could not find what the bot asked for${answer(404, request)}`,
    fix: 'Check the repository name and that it still exists. If it does, the token cannot see it: give it access to the repository.',
  },
  github_rejected: {
    message: ({ request, reason, status }) => `GitHub did not accept the bot's request${answer(status ?? 422, request, reason)}`,
    fix: 'Fix what GitHub says (a tag or release that already exists, a branch that moved), then try again.',
  },
  github_unavailable: {
    message: ({ request, status }) => `GitHub did not answer${answer(status, request)}`,
    fix: 'Try again in a few minutes; https://www.githubstatus.com says whether GitHub is down.',
  },
  slack_not_in_channel: {
    message: () => 'The bot is not a member of that channel',
    fix: 'Invite it with /invite @release-bot in the channel, then try again.',
  },
  slack_channel_not_found: {
    message: () => 'Slack cannot find that channel, or the bot cannot see it',
    fix: 'Check RELEASE_CHANNEL (a channel ID such as C0123456789), and invite the bot if the channel is private.',
  },
  slack_bad_credentials: {
    message: ({ error }) => `Slack refused the bot's token (${error})`,
    fix: 'Check SLACK_BOT_TOKEN (xoxb-…) and that the app is still installed in the workspace, then restart the bot.',
  },
  slack_rate_limited: {
    message: () => 'Slack is limiting how fast the bot may post',
    fix: 'Wait a minute and try again; the limit lifts on its own.',
  },
  slack_rejected: {
    message: ({ error }) => `Slack did not accept the bot's request (${error})`,
    fix: "Check the app's scopes against manifest.yml and reinstall it if they differ; if it keeps happening, tell whoever runs the bot.",
  },
  slack_unavailable: {
    message: () => 'Slack did not answer',
    fix: 'Try again in a few minutes; https://slack-status.com says whether Slack is down.',
  },
  internal: {
    message: () => 'Something went wrong inside the bot; it is logged',
    fix: 'Try again. If it keeps failing, tell whoever runs the bot: the log has the details.',
  },
};

export class BotError<C extends ErrorCode = ErrorCode> extends Error {
  /** what to do about it, safe to show a user */
  readonly fix: string;

  /** `message` is the catalogue's text for `code` and `details`, safe to show a user. */
  constructor(
    readonly code: C,
    readonly details: ErrorDetails[C],
    options?: { cause?: unknown },
  ) {
    super(ERRORS[code].message(details), options);
    this.name = 'BotError';
    this.fix = ERRORS[code].fix;
  }
}

/**
 * Whatever was thrown, as a BotError: GitHub's and Slack's answers by what they say (duck-typed,
 * so no adapter is imported here), wrappers by their `cause`, anything else as `internal`. The
 * original is kept as `cause`, for the log.
 */
export function toBotError(error: unknown): BotError {
  if (error instanceof BotError) return error;
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const known = fromGitHub(e, error) ?? fromSlack(e, error);
    if (known) return known;
  }
  return new BotError('internal', {}, { cause: error });
}

interface OctokitLike {
  name?: string;
  status?: unknown;
  message?: string;
  request?: { method?: string; url?: string };
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

// Octokit's RequestError: name 'HttpError' and the status GitHub answered (500 when it got no answer).
// https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api
function fromGitHub(e: object, original: unknown): BotError | undefined {
  const o = e as OctokitLike;
  if (o.name !== 'HttpError' || typeof o.status !== 'number') return undefined;
  const status = o.status;
  const request = describeRequest(o.request);
  const reason = githubReason(o);
  const headers = o.response?.headers ?? {};
  const cause = { cause: original };
  if (status === 401) return new BotError('github_bad_credentials', {}, cause);
  // Secondary limits answer 403 (or 429) with Retry-After or a message saying so; a primary limit leaves none remaining.
  // https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
  const limited =
    status === 429 || headers['retry-after'] !== undefined || headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(reason ?? o.message ?? '');
  if ((status === 403 || status === 429) && limited) return new BotError('github_rate_limited', { request }, cause);
  if (status === 403) return new BotError('github_forbidden', { request, reason }, cause);
  if (status === 404) return new BotError('github_not_found', { request }, cause);
  if (status === 422) return new BotError('github_rejected', { request, reason }, cause);
  if (status >= 500) return new BotError('github_unavailable', { request, status }, cause);
  return new BotError('github_rejected', { request, reason, status }, cause);
}

/** `POST /repos/acme/widget/git/tags`: the method and the path, never the host or the query. */
function describeRequest(r: OctokitLike['request']): string | undefined {
  if (!r?.url) return undefined;
  let path: string;
  try {
    path = new URL(r.url).pathname;
  } catch {
    path = r.url.replace(/\?.*$/s, '');
  }
  return r.method ? `${r.method} ${path}` : path;
}

/** GitHub's own one-line message ("Reference already exists"), not Octokit's with the docs URL. */
function githubReason(o: OctokitLike): string | undefined {
  const data = o.response?.data as { message?: unknown } | undefined;
  return typeof data?.message === 'string' && data.message ? data.message.replace(/\n.*$/s, '').slice(0, 200) : undefined;
}

// @slack/web-api's errors: `code` says which kind; a platform error's `data.error` is Slack's own.
// https://docs.slack.dev/tools/node-slack-sdk/web-api#handle-errors
const SLACK_BAD_AUTH = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive']);
const SLACK_DOWN = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

function fromSlack(e: object, original: unknown): BotError | undefined {
  const o = e as { code?: unknown; data?: { error?: unknown } };
  if (typeof o.code !== 'string' || !o.code.startsWith('slack_webapi_')) return undefined;
  const cause = { cause: original };
  switch (o.code) {
    case 'slack_webapi_platform_error': {
      const error = typeof o.data?.error === 'string' ? o.data.error : 'unknown_error';
      if (error === 'not_in_channel') return new BotError('slack_not_in_channel', {}, cause);
      if (error === 'channel_not_found') return new BotError('slack_channel_not_found', {}, cause);
      if (error === 'ratelimited') return new BotError('slack_rate_limited', {}, cause);
      if (SLACK_BAD_AUTH.has(error)) return new BotError('slack_bad_credentials', { error }, cause);
      if (SLACK_DOWN.has(error)) return new BotError('slack_unavailable', {}, cause);
      return new BotError('slack_rejected', { error }, cause);
    }
    case 'slack_webapi_rate_limited_error':
      return new BotError('slack_rate_limited', {}, cause);
    case 'slack_webapi_request_error':
    case 'slack_webapi_http_error':
      return new BotError('slack_unavailable', {}, cause);
    default:
      return undefined;
  }
}

/** The text of anything thrown, for logs and records, never for a Slack user (see toBotError). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

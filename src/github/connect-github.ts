import type { Logger } from 'pino';
import type { GitHubAuth } from '../github-credentials.js';
import { toBotError } from '../errors.js';
import { findInstallation } from './find-installation.js';
import { type BotOctokit, type OctokitAuth, type OctokitSettings, makeOctokit } from './make-octokit.js';

export interface RateLimitSeen {
  /** `token` or `app` (not `auth`: the logger redacts that key) */
  via: GitHubAuth['kind'];
  limit: number;
  remaining: number;
}

/**
 * The bot's one Octokit, authenticated as configured: with a GitHub App, its installation is
 * found (or checked) first, so a wrong key, a missing installation or missing permissions stop
 * the start-up. Logs which credentials are used and the primary rate limit GitHub reports for them.
 */
export async function connectGitHub(
  auth: GitHubAuth,
  settings: Omit<OctokitSettings, 'auth'> & { org: string },
  logger: Logger,
): Promise<{ octokit: BotOctokit; rateLimit: RateLimitSeen | undefined }> {
  let octokitAuth: OctokitAuth;
  if (auth.kind === 'app') {
    if (auth.tokenIgnored) logger.warn('GITHUB_TOKEN is set, and so is a GitHub App (GITHUB_APP_ID): the GitHub App wins over GITHUB_TOKEN, which is not used');
    const installation = await findInstallation({ ...auth, apiUrl: settings.apiUrl, org: settings.org });
    logger.info(
      { appId: auth.appId, installationId: installation.id, permissions: installation.permissions, events: installation.events },
      `authenticating to GitHub as the GitHub App ${auth.appId}, installation ${installation.id} on ${settings.org}`,
    );
    octokitAuth = { kind: 'app', appId: auth.appId, privateKey: auth.privateKey, installationId: installation.id };
  } else {
    logger.info('authenticating to GitHub with GITHUB_TOKEN');
    octokitAuth = auth;
  }
  const octokit = makeOctokit({ ...settings, auth: octokitAuth });
  return { octokit, rateLimit: await logRateLimit(octokit, auth.kind, logger) };
}

/**
 * `GET /rate_limit` (free: it does not count against the limit): 5,000 requests an hour for a
 * token, more for an App installation on a large organisation.
 * https://docs.github.com/en/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user
 */
async function logRateLimit(octokit: BotOctokit, kind: GitHubAuth['kind'], logger: Logger): Promise<RateLimitSeen | undefined> {
  try {
    const { data } = await octokit.request('GET /rate_limit');
    const seen = { via: kind, limit: data.resources.core.limit, remaining: data.resources.core.remaining };
    logger.info(
      { rateLimit: { ...seen, graphql: data.resources.graphql ?? undefined } },
      `GitHub rate limit: ${seen.remaining} of ${seen.limit} requests an hour left`,
    );
    return seen;
  } catch (error) {
    // GitHub Enterprise Server answers 404 when rate limiting is off; a bad token is reported by the first real request
    const e = toBotError(error);
    logger.warn({ err: error, code: e.code }, `could not read GitHub's rate limit: ${e.message}`);
    return undefined;
  }
}

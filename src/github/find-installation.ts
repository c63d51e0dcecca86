import { Octokit } from '@octokit/rest';
import { createAppAuth } from '@octokit/auth-app';
import { BotError, toBotError } from '../errors.js';
import { missingPermissions } from './missing-permissions.js';

export interface AppInstallation {
  id: number;
  /** what the organisation granted, by GitHub's names: `{ contents: 'write', metadata: 'read', … }` */
  permissions: Record<string, string>;
  events: string[];
}

export interface FindInstallationOptions {
  appId: string;
  privateKey: string;
  apiUrl: string;
  org: string;
  /** GITHUB_APP_INSTALLATION_ID; otherwise found from the organisation */
  installationId?: number;
}

/**
 * The App's installation on the organisation, as the App itself (a JWT) sees it, checked before
 * the bot starts: a key GitHub does not accept, an App not installed on the organisation, or an
 * installation without the permissions the bot needs stop the start-up with what to do.
 * `GET /orgs/{org}/installation` and `GET /app/installations/{id}` both need a JWT:
 * https://docs.github.com/en/rest/apps/apps#get-an-organization-installation-for-the-authenticated-app
 */
export async function findInstallation(o: FindInstallationOptions): Promise<AppInstallation> {
  const asApp = new Octokit({
    authStrategy: createAppAuth,
    auth: { appId: o.appId, privateKey: o.privateKey, log: { warn: () => {} } },
    baseUrl: o.apiUrl,
    userAgent: 'release-bot',
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  let data: { id: number; permissions?: Record<string, string | undefined>; events?: string[]; account?: object | null };
  try {
    data =
      o.installationId === undefined
        ? (await asApp.request('GET /orgs/{org}/installation', { org: o.org })).data
        : (await asApp.request('GET /app/installations/{installation_id}', { installation_id: o.installationId })).data;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    const reason = (error as { response?: { data?: { message?: unknown } } }).response?.data?.message;
    if (status === 401)
      throw new BotError('github_app_key_rejected', { appId: o.appId, reason: typeof reason === 'string' ? reason : undefined }, { cause: error });
    if (status === 404) throw new BotError('github_app_not_installed', { appId: o.appId, org: o.org, installationId: o.installationId }, { cause: error });
    throw toBotError(error);
  }
  // An installation ID of another account (a user, another organisation) is not this organisation's.
  const login = (data.account as { login?: unknown } | null | undefined)?.login;
  if (o.installationId !== undefined && typeof login === 'string' && login.toLowerCase() !== o.org.toLowerCase())
    throw new BotError('github_app_not_installed', { appId: o.appId, org: o.org, installationId: o.installationId });
  const permissions = Object.fromEntries(Object.entries(data.permissions ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const lacking = missingPermissions(permissions);
  if (lacking.length > 0) throw new BotError('github_app_permissions_missing', { org: o.org, lacking });
  return { id: data.id, permissions, events: data.events ?? [] };
}

import type { AppRegistry, Identity } from './app-registry.js';
import { DOCS } from './http-error.js';

export type Authentication = { ok: true; identity: Identity } | { ok: false; status: 401; body: Record<string, unknown> };

/**
 * The routes a GitHub App calls as itself, with a JWT, and nothing else
 * (the list @octokit/auth-app's requires-app-auth.js keeps, for what the emulator serves).
 * https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/authenticating-as-a-github-app
 */
export function needsJwt(apiPath: string): boolean {
  return /^\/app(?:\/|$)/.test(apiPath) || /^\/orgs\/[^/]+\/installation$/.test(apiPath) || /^\/repos\/[^/]+\/[^/]+\/installation$/.test(apiPath);
}

const refused = (message: string): Authentication => ({ ok: false, status: 401, body: { message, documentation_url: DOCS, status: '401' } });

/**
 * Who is asking. JWT routes take only a valid JWT (an installation token there gets GitHub's
 * "A JSON web token could not be decoded", https://github.com/urcomputeringpal/kubevalidator/issues/48);
 * every other route takes the emulator's token or an unexpired installation token, and answers
 * anything else, an expired installation token included, with 401 Bad credentials
 * ("Using an expired token produces a status code of 401 - Unauthorized").
 * https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/authenticating-as-a-github-app-installation
 */
export function authenticate(header: string | undefined, apiPath: string, o: { token: string; apps: AppRegistry; now: number }): Authentication {
  const credential = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (needsJwt(apiPath)) {
    if (!credential) return refused('You must authenticate with a JSON web token to access this endpoint.');
    const check = o.apps.verifyJwt(credential, o.now);
    return check.ok ? { ok: true, identity: { kind: 'app', app: check.app } } : refused(check.message);
  }
  if (credential === undefined) return refused('Requires authentication');
  if (credential === o.token) return { ok: true, identity: { kind: 'token' } };
  const installation = o.apps.tokenInstallation(credential, o.now);
  if (installation) return { ok: true, identity: { kind: 'installation', installation } };
  return refused('Bad credentials');
}

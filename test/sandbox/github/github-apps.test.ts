import { generateKeyPairSync, sign } from 'node:crypto';
import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { describe, expect, it } from 'vitest';
import { installationLimit } from '../../../src/sandbox/github/primary-limit.js';
import type { GitHubEmulator } from '../../../src/sandbox/github/github-emulator.js';
import { failure, octokitFor, useEmulators } from './emulator-harness.js';

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** A JWT as GitHub wants it, signed by hand so that each claim can be got wrong on purpose. */
function jwt(privateKey: string, claims: Record<string, unknown>, alg = 'RS256'): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg, typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

const now = () => Math.floor(Date.now() / 1000);
const bearer = (github: GitHubEmulator, token: string) => new Octokit({ auth: token, baseUrl: github.apiUrl, log: silent });

describe('GitHubEmulator as a GitHub App sees it', () => {
  const start = useEmulators();

  it("finds the organisation's installation with a JWT and mints a ghs_ token that reads REST and GraphQL", async () => {
    const { github } = await start();
    github.createRepo('widget');
    const app = github.createApp();
    const asApp = bearer(github, jwt(app.privateKey, { iat: now() - 60, exp: now() + 540, iss: String(app.appId) }));
    const { data: installation } = await asApp.request('GET /orgs/{org}/installation', { org: 'acme' });
    expect(installation).toMatchObject({ id: app.installationId, app_id: app.appId, target_type: 'Organization', account: { login: 'acme' } });
    expect(installation.permissions).toMatchObject({ contents: 'write', metadata: 'read', deployments: 'write' });

    const minted = await asApp.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: app.installationId! });
    expect(minted.status).toBe(201);
    expect(minted.data.token).toMatch(/^ghs_/);
    // about an hour, in GitHub's whole-second ISO form
    expect(minted.data.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(minted.data.expires_at) - Date.now()).toBeGreaterThan(3_590_000);
    const asInstallation = bearer(github, minted.data.token);
    expect((await asInstallation.rest.repos.get({ owner: 'acme', repo: 'widget' })).data.name).toBe('widget');
    const graphql = await asInstallation.graphql<{ organization: { repositories: { nodes: { name: string }[] } } }>(
      'query { organization(login: "acme") { repositories(first: 10) { nodes { name } } } }',
    );
    expect(graphql.organization.repositories.nodes.map((r) => r.name)).toEqual(['widget']);
    expect(github.installationTokensIssued).toBe(1);
  });

  it('works with @octokit/auth-app as a client, by App ID or by client ID', async () => {
    const { github } = await start();
    github.createRepo('widget');
    const app = github.createApp();
    for (const appId of [app.appId, app.clientId]) {
      const octokit = new Octokit({
        authStrategy: createAppAuth,
        auth: { appId, privateKey: app.privateKey, installationId: app.installationId },
        baseUrl: github.apiUrl,
        log: silent,
      });
      expect((await octokit.rest.repos.get({ owner: 'acme', repo: 'widget' })).data.full_name).toBe('acme/widget');
    }
  });

  it('refuses a JWT signed with another key, and one whose exp or iat break the rules, with the messages GitHub gives', async () => {
    const { github } = await start();
    const app = github.createApp();
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const iss = String(app.appId);
    const cases: [string, string][] = [
      [jwt(stranger, { iat: now() - 60, exp: now() + 540, iss }), 'A JSON web token could not be decoded'],
      [jwt(app.privateKey, { iat: now() - 60, exp: now() + 540, iss }, 'HS256'), 'A JSON web token could not be decoded'],
      [jwt(app.privateKey, { iat: now() - 60, exp: now() + 540, iss: '999999' }), 'A JSON web token could not be decoded'],
      [jwt(app.privateKey, { iat: now(), exp: now() + 660, iss }), "'Expiration time' claim ('exp') is too far in the future"],
      [
        jwt(app.privateKey, { iat: now() - 700, exp: now() - 100, iss }),
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
      ],
      [
        jwt(app.privateKey, { iat: now() + 120, exp: now() + 540, iss }),
        "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
      ],
      ['not.a.jwt', 'A JSON web token could not be decoded'],
    ];
    for (const [token, message] of cases) {
      const res = await failure(
        bearer(github, token).request('POST /app/installations/{installation_id}/access_tokens', { installation_id: app.installationId! }),
      );
      expect(res, message).toMatchObject({ status: 401, data: { message } });
    }
    expect(github.installationTokensIssued).toBe(0);
  });

  it('takes a JWT only on App routes, and only a JWT there', async () => {
    const { github } = await start();
    github.createRepo('widget');
    const app = github.createApp();
    const appJwt = jwt(app.privateKey, { iat: now() - 60, exp: now() + 540, iss: String(app.appId) });
    expect((await failure(bearer(github, appJwt).rest.repos.get({ owner: 'acme', repo: 'widget' }))).status).toBe(401);
    const withToken = await failure(octokitFor(github).request('GET /orgs/{org}/installation', { org: 'acme' }));
    expect(withToken).toMatchObject({ status: 401, data: { message: 'A JSON web token could not be decoded' } });
  });

  it('answers 404 for an organisation the App is not installed on, and for another App installation', async () => {
    const { github } = await start();
    const lonely = github.createApp({ installed: false });
    const other = github.createApp();
    const asLonely = bearer(github, jwt(lonely.privateKey, { iat: now() - 60, exp: now() + 540, iss: String(lonely.appId) }));
    expect((await failure(asLonely.request('GET /orgs/{org}/installation', { org: 'acme' }))).status).toBe(404);
    expect(
      (await failure(asLonely.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: other.installationId! }))).status,
    ).toBe(404);
  });

  it('refuses an expired installation token with 401 Bad credentials', async () => {
    const { github } = await start({ installationTokenTtlMs: 1000 });
    github.createRepo('widget');
    const app = github.createApp();
    const asApp = bearer(github, jwt(app.privateKey, { iat: now() - 60, exp: now() + 540, iss: String(app.appId) }));
    const { data } = await asApp.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: app.installationId! });
    const asInstallation = bearer(github, data.token);
    const end = Date.now() + 5000;
    let status = 200;
    while (status === 200 && Date.now() < end) {
      status = await asInstallation.rest.repos.get({ owner: 'acme', repo: 'widget' }).then(
        () => 200,
        (e: { status: number }) => e.status,
      );
    }
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(data.expires_at));
    const res = await failure(asInstallation.rest.repos.get({ owner: 'acme', repo: 'widget' }));
    expect(res).toMatchObject({ status: 401, data: { message: 'Bad credentials' } });
  });

  it("reports GitHub's primary limits: 5,000 for a token, the installation's own for an App, and GET /rate_limit costs nothing", async () => {
    const { github, octokit } = await start({ orgMembers: 30 });
    for (let i = 0; i < 25; i++) github.createRepo(`repo-${i}`);
    const app = github.createApp();
    const asApp = bearer(github, jwt(app.privateKey, { iat: now() - 60, exp: now() + 540, iss: String(app.appId) }));
    const { data } = await asApp.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: app.installationId! });
    const asInstallation = bearer(github, data.token);

    const byToken = await octokit.rest.repos.get({ owner: 'acme', repo: 'repo-1' });
    expect(byToken.headers['x-ratelimit-limit']).toBe('5000');
    expect(byToken.headers['x-ratelimit-remaining']).toBe('4999');
    const byInstallation = await asInstallation.rest.repos.get({ owner: 'acme', repo: 'repo-1' });
    // 5,000 + 50 × (25 − 20) repositories + 50 × (30 − 20) members
    expect(byInstallation.headers['x-ratelimit-limit']).toBe('5750');
    expect(byInstallation.headers['x-ratelimit-remaining']).toBe('5749');
    const status = (await asInstallation.request('GET /rate_limit')).data;
    expect(status.resources.core).toMatchObject({ limit: 5750, remaining: 5749, used: 1 });
    expect((await asInstallation.request('GET /rate_limit')).data.resources.core.used).toBe(1);
    expect(github.stats.rateLimitChecks).toBe(2);
    expect(github.stats.requests.some((r) => r.path.endsWith('/rate_limit'))).toBe(false);
  });

  it('refuses REST requests past an enforced primary limit with 403 and remaining 0 until its reset, counting the refusals nothing', async () => {
    const { github } = await start({ primaryLimit: { limit: 3, windowMs: 1500 } });
    github.createRepo('widget');
    const get = () => fetch(`${github.apiUrl}/repos/acme/widget`, { headers: { authorization: `token ${github.token}` } });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await get();
      expect(res.status).toBe(200);
      remaining.push(res.headers.get('x-ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await get();
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = Number(refused.headers.get('x-ratelimit-reset'));
    expect(((await refused.json()) as { message: string }).message).toMatch(/^API rate limit exceeded for user\./);
    // GET /rate_limit still answers, and says the same
    const limits = (await (await fetch(`${github.apiUrl}/rate_limit`, { headers: { authorization: `token ${github.token}` } })).json()) as {
      resources: { core: { remaining: number; used: number } };
    };
    expect(limits.resources.core).toMatchObject({ remaining: 0, used: 3 });
    // The reset is whole seconds: after it, the next request goes through.
    await new Promise((r) => setTimeout(r, Math.max(0, reset * 1000 - Date.now()) + 50));
    expect((await get()).status).toBe(200);
    expect(github.stats.primaryLimited).toBe(1);
  });

  it('computes the installation limit as GitHub documents it, capped at 12,500', () => {
    expect(installationLimit(20, 20)).toBe(5000);
    expect(installationLimit(21, 1)).toBe(5050);
    expect(installationLimit(21, 22)).toBe(5150);
    expect(installationLimit(500, 500)).toBe(12_500);
  });
});

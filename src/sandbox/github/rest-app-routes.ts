import type { AppRegistry, EmulatedApp, EmulatedInstallation } from './app-registry.js';
import { accountJson } from './github-urls.js';
import { notFound } from './http-error.js';
import type { PrimaryLimit } from './primary-limit.js';
import type { RestRouter, RouteContext } from './rest-router.js';

const DOC_APPS = 'https://docs.github.com/rest/apps/apps';

/** The installation object of GitHub's Apps API (the fields a client reads). */
function installationJson(ctx: RouteContext, installation: EmulatedInstallation, app: EmulatedApp): Record<string, unknown> {
  const api = ctx.urls().api;
  const account = accountJson(ctx.urls(), ctx.org, 'Organization');
  return {
    id: installation.id,
    account,
    repository_selection: 'all',
    access_tokens_url: `${api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${api}/installation/repositories`,
    html_url: `${ctx.urls().origin}/organizations/${ctx.org}/settings/installations/${installation.id}`,
    app_id: app.id,
    app_slug: app.slug,
    client_id: app.clientId,
    target_id: account.id,
    target_type: 'Organization',
    permissions: installation.permissions,
    events: installation.events,
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  };
}

/**
 * The App endpoints a client needs to authenticate as an installation (JWT only; the pipeline
 * checked it) and `GET /rate_limit`.
 * https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app
 */
export function registerAppRoutes(router: RestRouter, ctx: RouteContext, apps: AppRegistry, primary: PrimaryLimit): void {
  const callingApp = (identity: unknown): EmulatedApp => {
    const who = identity as { kind?: string; app?: EmulatedApp } | undefined;
    if (who?.kind !== 'app' || !who.app) throw notFound(DOC_APPS);
    return who.app;
  };
  /** the calling App's installation `id`, or GitHub's 404 (another App's installation is invisible) */
  const ownInstallation = (app: EmulatedApp, id: string | undefined): EmulatedInstallation => {
    const installation = apps.installation(Number(id));
    if (!installation || installation.appId !== app.id) throw notFound(`${DOC_APPS}#get-an-installation-for-the-authenticated-app`);
    return installation;
  };

  router.add('GET', '/app', (req) => {
    const app = callingApp(req.identity);
    return {
      status: 200,
      body: { id: app.id, slug: app.slug, client_id: app.clientId, name: app.slug, owner: accountJson(ctx.urls(), ctx.org, 'Organization') },
    };
  });

  router.add('GET', '/orgs/{org}/installation', (req) => {
    const app = callingApp(req.identity);
    const installation = req.params.org?.toLowerCase() === ctx.org.toLowerCase() ? apps.installationOf(app.id) : undefined;
    if (!installation) throw notFound(`${DOC_APPS}#get-an-organization-installation-for-the-authenticated-app`);
    return { status: 200, body: installationJson(ctx, installation, app) };
  });

  router.add('GET', '/app/installations/{installation_id}', (req) => {
    const app = callingApp(req.identity);
    return { status: 200, body: installationJson(ctx, ownInstallation(app, req.params.installation_id), app) };
  });

  router.add('POST', '/app/installations/{installation_id}/access_tokens', (req) => {
    const app = callingApp(req.identity);
    const installation = ownInstallation(app, req.params.installation_id);
    const { token, expiresAt } = apps.mintToken(installation);
    return {
      status: 201,
      body: { token, expires_at: expiresAt, permissions: installation.permissions, repository_selection: 'all' },
    };
  });

  // https://docs.github.com/en/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user
  router.add('GET', '/rate_limit', (req) => {
    const now = Date.now();
    const core = primary.take(req.identity, 'core', now, true);
    const graphql = primary.take(req.identity, 'graphql', now, true);
    return { status: 200, body: { resources: { core, graphql }, rate: core } };
  });
}

import { sha1 } from './git-objects.js';

/** Where things live on the emulated GitHub Enterprise Server: web pages at the origin, REST under /api/v3. */
export class GitHubUrls {
  readonly api: string;

  constructor(
    readonly origin: string,
    readonly org: string,
  ) {
    this.api = `${origin}/api/v3`;
  }

  repoApi(repo: string): string {
    return `${this.api}/repos/${this.org}/${repo}`;
  }

  repoHtml(repo: string): string {
    return `${this.origin}/${this.org}/${repo}`;
  }

  commitHtml(repo: string, sha: string): string {
    return `${this.repoHtml(repo)}/commit/${sha}`;
  }
}

/** GitHub's legacy global node ids: base64 of `0<len>:<Type><id>`, e.g. `MDEwOlJlcG9zaXRvcnkx…`. */
export function nodeId(type: string, id: string | number): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString('base64');
}

/** A stable numeric id for a login, so the same user has the same id in every answer. */
export function accountId(login: string): number {
  return parseInt(sha1(`account\0${login.toLowerCase()}`).slice(0, 7), 16);
}

/** The "simple user" object GitHub embeds as owner, sender, author… */
export function accountJson(urls: GitHubUrls, login: string, type: 'User' | 'Organization' = 'User'): Record<string, unknown> {
  const id = accountId(login);
  const api = `${urls.api}/users/${login}`;
  return {
    login,
    id,
    node_id: nodeId(type, id),
    avatar_url: `${urls.origin}/avatars/u/${id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `${urls.origin}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** The organization object of webhook payloads. */
export function organizationJson(urls: GitHubUrls): Record<string, unknown> {
  const id = accountId(urls.org);
  const api = `${urls.api}/orgs/${urls.org}`;
  return {
    login: urls.org,
    id,
    node_id: nodeId('Organization', id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${urls.origin}/avatars/u/${id}?v=4`,
    description: '',
  };
}

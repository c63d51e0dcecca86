import type { RepoRecord } from './git-objects.js';
import { type GitHubUrls, accountJson, nodeId } from './github-urls.js';

/** The `*_url` templates GitHub puts on every full repository object, in GitHub's order. */
const URL_TEMPLATES: [string, string][] = [
  ['forks_url', '/forks'],
  ['keys_url', '/keys{/key_id}'],
  ['collaborators_url', '/collaborators{/collaborator}'],
  ['teams_url', '/teams'],
  ['hooks_url', '/hooks'],
  ['issue_events_url', '/issues/events{/number}'],
  ['events_url', '/events'],
  ['assignees_url', '/assignees{/user}'],
  ['branches_url', '/branches{/branch}'],
  ['tags_url', '/tags'],
  ['blobs_url', '/git/blobs{/sha}'],
  ['git_tags_url', '/git/tags{/sha}'],
  ['git_refs_url', '/git/refs{/sha}'],
  ['trees_url', '/git/trees{/sha}'],
  ['statuses_url', '/statuses/{sha}'],
  ['languages_url', '/languages'],
  ['stargazers_url', '/stargazers'],
  ['contributors_url', '/contributors'],
  ['subscribers_url', '/subscribers'],
  ['subscription_url', '/subscription'],
  ['commits_url', '/commits{/sha}'],
  ['git_commits_url', '/git/commits{/sha}'],
  ['comments_url', '/comments{/number}'],
  ['issue_comment_url', '/issues/comments{/number}'],
  ['contents_url', '/contents/{+path}'],
  ['compare_url', '/compare/{base}...{head}'],
  ['merges_url', '/merges'],
  ['archive_url', '/{archive_format}{/ref}'],
  ['downloads_url', '/downloads'],
  ['issues_url', '/issues{/number}'],
  ['pulls_url', '/pulls{/number}'],
  ['milestones_url', '/milestones{/number}'],
  ['notifications_url', '/notifications{?since,all,participating}'],
  ['labels_url', '/labels{/name}'],
  ['releases_url', '/releases{/id}'],
  ['deployments_url', '/deployments'],
];

/**
 * The fields shared by the REST repository and the webhook `repository`, in GitHub's order.
 * `url` differs: the API url in REST, the html url in push payloads (a GitHub quirk).
 */
export function repoFields(urls: GitHubUrls, repo: RepoRecord, url: string): Record<string, unknown> {
  const api = urls.repoApi(repo.name);
  const html = urls.repoHtml(repo.name);
  const host = new URL(urls.origin).host;
  const head: Record<string, unknown> = {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: `${urls.org}/${repo.name}`,
    private: repo.private,
    owner: accountJson(urls, urls.org, 'Organization'),
    html_url: html,
    description: null,
    fork: false,
    url,
  };
  for (const [key, suffix] of URL_TEMPLATES) head[key] = `${api}${suffix}`;
  return {
    ...head,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    pushed_at: repo.pushedAt,
    git_url: `git://${host}/${urls.org}/${repo.name}.git`,
    ssh_url: `git@${host}:${urls.org}/${repo.name}.git`,
    clone_url: `${html}.git`,
    svn_url: html,
    homepage: null,
    size: repo.commits.size,
    stargazers_count: 0,
    watchers_count: 0,
    language: 'TypeScript',
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    forks_count: 0,
    mirror_url: null,
    archived: repo.archived,
    disabled: false,
    open_issues_count: 0,
    license: null,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: repo.private ? 'private' : 'public',
    forks: 0,
    open_issues: 0,
    watchers: 0,
    default_branch: repo.defaultBranch,
  };
}

/** `GET /repos/{owner}/{repo}` and the items of `GET /orgs/{org}/repos`. */
export function repoJson(urls: GitHubUrls, repo: RepoRecord): Record<string, unknown> {
  return {
    ...repoFields(urls, repo, urls.repoApi(repo.name)),
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
  };
}

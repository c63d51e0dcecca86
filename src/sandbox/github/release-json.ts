import type { ReleaseRecord, RepoRecord } from './git-objects.js';
import { type GitHubUrls, accountJson, nodeId } from './github-urls.js';

/** The login the emulator's token belongs to: the author of the releases the bot creates. */
export const TOKEN_OWNER = 'release-bot';

export function releaseHtmlUrl(urls: GitHubUrls, repo: RepoRecord, r: ReleaseRecord): string {
  // A draft has no tag yet: GitHub shows it under an `untagged-…` name.
  const tag = r.draft ? `untagged-${r.untaggedId}` : encodeURIComponent(r.tagName);
  return `${urls.repoHtml(repo.name)}/releases/tag/${tag}`;
}

/** A release as GitHub's REST API returns it. */
export function releaseJson(urls: GitHubUrls, repo: RepoRecord, r: ReleaseRecord): Record<string, unknown> {
  const api = urls.repoApi(repo.name);
  return {
    url: `${api}/releases/${r.id}`,
    assets_url: `${api}/releases/${r.id}/assets`,
    upload_url: `${urls.origin}/api/uploads/repos/${urls.org}/${repo.name}/releases/${r.id}/assets{?name,label}`,
    html_url: releaseHtmlUrl(urls, repo, r),
    id: r.id,
    author: accountJson(urls, TOKEN_OWNER),
    node_id: nodeId('Release', r.id),
    tag_name: r.tagName,
    target_commitish: r.targetCommitish,
    name: r.name,
    draft: r.draft,
    immutable: false,
    prerelease: r.prerelease,
    created_at: r.createdAt,
    updated_at: r.publishedAt ?? r.createdAt,
    published_at: r.publishedAt,
    assets: [],
    tarball_url: r.draft ? null : `${api}/tarball/${r.tagName}`,
    zipball_url: r.draft ? null : `${api}/zipball/${r.tagName}`,
    body: r.body,
  };
}

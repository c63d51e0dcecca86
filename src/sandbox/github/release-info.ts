import type { RepoRecord } from './git-objects.js';
import type { GitHubUrls } from './github-urls.js';
import type { ReleaseBook } from './release-book.js';
import { releaseHtmlUrl } from './release-json.js';

/** A release as a test looks at it. */
export interface ReleaseInfo {
  id: number;
  tag_name: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  target_commitish: string;
  html_url: string;
  /** what the client sent as `make_latest` (null: left out, which GitHub takes as "true") */
  make_latest: 'true' | 'false' | 'legacy' | null;
  /** whether GitHub would show it as "Latest" now */
  latest: boolean;
}

/** The releases of `record`, in creation order, drafts included. */
export function releaseInfos(book: ReleaseBook, urls: GitHubUrls, record: RepoRecord): ReleaseInfo[] {
  const latest = book.latest(record);
  return record.releases.map((r) => ({
    id: r.id,
    tag_name: r.tagName,
    name: r.name,
    body: r.body,
    draft: r.draft,
    prerelease: r.prerelease,
    target_commitish: r.targetCommitish,
    html_url: releaseHtmlUrl(urls, record, r),
    make_latest: r.makeLatest,
    latest: r.id === latest?.id,
  }));
}

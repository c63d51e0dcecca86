import type { Release } from './release.js';

/** GitHub's page of the commits a release takes in: since the last release, or all of them before the first. */
export function compareUrl(r: Pick<Release, 'repoUrl' | 'currentTag' | 'sha'>): string {
  return r.currentTag ? `${r.repoUrl}/compare/${encodeURIComponent(r.currentTag)}...${r.sha}` : `${r.repoUrl}/commits/${r.sha}`;
}

import semver from 'semver';

/**
 * Whether a new GitHub release should become the repository's "Latest": only a published,
 * stable version above every stable version already released. A prerelease, a draft or a
 * backport (1.4.1 after 2.0.0) must not take the badge from the real latest release, which
 * GitHub would do, since `make_latest` defaults to "true"
 * (https://docs.github.com/rest/releases/releases#create-a-release).
 */
export function makeLatest(r: { version: string; draft: boolean; highestStable: string | null; line?: 'default' | 'prerelease' | 'maintenance' }): boolean {
  // A maintenance line never takes "Latest", even before the newer line's first release (DESIGN.md §7).
  if (r.draft || r.line === 'maintenance' || semver.prerelease(r.version) !== null) return false;
  return r.highestStable === null || semver.gt(r.version, r.highestStable);
}

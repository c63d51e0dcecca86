import semver from 'semver';
import type { Bump } from './bump.js';

/** The prerelease identifiers `/release --pre` accepts, in semver order. */
export const PRERELEASE_IDS: readonly string[] = ['alpha', 'beta', 'rc'];

/** semantic-release's `FIRST_RELEASE` (lib/definitions/constants.js); release-please starts there too. */
export const FIRST_RELEASE = '1.0.0';

/** What `nextVersion` counts from: the versions of a `VersionBase` (see `findLastRelease`). */
export interface VersionStart {
  /** the last stable release that is an ancestor of the proposed commit; null before the first */
  lastRelease: string | null;
  /** with a prerelease id: the last prerelease of that id above `lastRelease`, an ancestor too */
  lastPrerelease?: string | null;
}

/**
 * The version a release with `bump` gets, as semantic-release's `lib/get-next-version.js`
 * computes it (build metadata never carries over: `semver.inc` drops it).
 *
 * - No `pre`: `semver.inc(lastRelease, bump)`; nothing released yet → `1.0.0`, whatever the bump.
 * - `pre`: the higher of `inc(lastPrerelease, 'prerelease')` (1.3.0-rc.1 → 1.3.0-rc.2) and
 *   `inc(lastRelease, bump)-<pre>.1`, so a line goes on while the commits stay within it and
 *   moves to a new line when they call for more (1.3.0-rc.2 + a breaking change → 2.0.0-rc.1).
 *   Nothing released yet → `1.0.0-<pre>.1`, or the next of the line already started.
 *
 * Throws on versions that are not semver or a `pre` that is not a prerelease identifier: both
 * are bugs, since versions come from `parseTag` and ids from the command grammar.
 */
export function nextVersion(start: VersionStart, bump: Bump, pre?: string): string {
  const { lastRelease } = start;
  const released = lastRelease === null ? FIRST_RELEASE : semver.inc(lastRelease, bump);
  if (released === null) throw new Error(`nextVersion: "${lastRelease}" is not a semver version`);
  if (pre === undefined) return released;
  if (!/^[0-9A-Za-z-]+$/.test(pre)) throw new Error(`nextVersion: "${pre}" is not a prerelease identifier`);

  const newLine = `${released}-${pre}.1`;
  const last = start.lastPrerelease ?? null;
  if (last === null) return newLine;
  const continued = semver.inc(last, 'prerelease');
  if (continued === null) throw new Error(`nextVersion: "${last}" is not a semver version`);
  return semver.gt(continued, newLine) ? continued : newLine;
}

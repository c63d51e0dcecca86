import semver from 'semver';
import { BUMPS, type Bump } from './bump.js';

/** The prerelease identifiers `/release --pre` accepts, in semver order. */
export const PRERELEASE_IDS: readonly string[] = ['alpha', 'beta', 'rc'];

const FIRST_RELEASE_BASE = '0.0.0';

/**
 * The version a release with `bump` gets. `current` null means nothing was released yet, which
 * counts as 0.0.0: a first `minor` is 0.1.0.
 *
 * Without `pre`, this is `semver.inc`: a prerelease is finished by the bump that led to it
 * (1.3.0-rc.2 + minor -> 1.3.0), a stable version moves on (1.2.3 + minor -> 1.3.0).
 * With `pre`, the same target gets a prerelease: the next number when `current` is already a
 * prerelease of that target with that id (1.3.0-rc.1 -> 1.3.0-rc.2), `<target>-<pre>.1`
 * otherwise (1.2.3 -> 1.3.0-rc.1, 1.3.0-beta.2 -> 1.3.0-rc.1).
 *
 * Asking for an earlier id than the current one (`--pre beta` after 1.3.0-rc.1) gives
 * 1.3.0-beta.1, which sorts below the current version: callers check `semver.gt` before tagging.
 *
 * Throws on a `current` that is not semver or a `pre` that is not a prerelease identifier:
 * both are bugs, since versions come from `parseTag` and ids from the command grammar.
 */
export function nextVersion(current: string | null, bump: Bump, pre?: string): string {
  const base = current ?? FIRST_RELEASE_BASE;
  const target = semver.inc(base, bump);
  if (target === null) throw new Error(`nextVersion: "${base}" is not a semver version`);
  if (pre === undefined) return target;
  if (!/^[0-9A-Za-z-]+$/.test(pre)) throw new Error(`nextVersion: "${pre}" is not a prerelease identifier`);

  const parsed = semver.parse(base);
  const [id, number] = parsed?.prerelease ?? [];
  const continuesLine =
    parsed !== null && parsed.prerelease.length > 0 && sameRelease(parsed, target) && id === pre && typeof number === 'number';
  return `${target}-${pre}.${continuesLine ? number + 1 : 1}`;
}

function sameRelease(version: semver.SemVer, target: string): boolean {
  const t = semver.parse(target);
  return t !== null && version.major === t.major && version.minor === t.minor && version.patch === t.patch;
}

/**
 * The bump that a change of version amounts to, to warn when a person picks less than the
 * commits call for. It is the largest bump that `nextVersion` could have taken `from` to the
 * same major.minor.patch as `to`, so finishing a prerelease line counts as the bump that
 * started it (1.3.0-rc.1 -> 1.3.0 is minor, 2.0.0-rc.1 -> 2.0.0 is major). When no single bump
 * gets there (1.2.3 -> 1.5.0), the first of major/minor/patch that differs decides.
 * `from` null is the first release, counted from 0.0.0.
 */
export function bumpBetween(from: string | null, to: string): Bump {
  const base = from ?? FIRST_RELEASE_BASE;
  const target = semver.parse(to);
  if (target === null || semver.valid(base) === null) {
    throw new Error(`bumpBetween: "${from}" -> "${to}" are not semver versions`);
  }
  for (const bump of [...BUMPS].reverse()) {
    const reached = semver.inc(base, bump);
    if (reached !== null && sameRelease(target, reached)) return bump;
  }
  const start = semver.parse(base)!;
  if (target.major !== start.major) return 'major';
  if (target.minor !== start.minor) return 'minor';
  return 'patch';
}

import semver from 'semver';
import { parseTag } from './parse-tag.js';

/** A tag as GitHub lists it: its name and the commit it points at (annotated tags peeled). */
export interface TagRef {
  name: string;
  commitSha: string;
}

/** A tag that names a version with the repository's prefix. */
export interface VersionTag {
  tag: string;
  version: string;
  commitSha: string;
}

/** A tag above the last release that was passed over, and why: people must see it was not forgotten. */
export interface IgnoredTag {
  tag: string;
  because: 'prerelease' | 'not-ancestor';
}

/** What the next version is counted from. */
export interface VersionBase {
  /** the highest stable version tag that is an ancestor of the proposed commit */
  lastRelease: VersionTag | null;
  /** with `--pre <id>`: the highest `<id>` prerelease above `lastRelease` that is an ancestor too */
  lastPrerelease: VersionTag | null;
  /** the highest stable version tagged anywhere in the repository, ancestor or not (decides "Latest") */
  highestStable: string | null;
  /** tags above `lastRelease` that were passed over, highest first */
  ignored: IgnoredTag[];
}

/**
 * Either the answer, or the one tag whose ancestry it depends on. Ancestry costs a request
 * (the compare API's `status`) unless a GraphQL history already shows it, so the caller asks
 * only for the tags that can change the answer, highest first, and comes back with the fact.
 */
export type LastReleaseStep = { kind: 'check'; tag: VersionTag } | { kind: 'found'; base: VersionBase };

/**
 * The last release of a repository, as semantic-release's `lib/get-last-release.js` finds it:
 * among the tags reachable from the commit being released (`branch.tags`, which
 * semantic-release reads with `git tag --merged`), the highest version that is not a
 * prerelease; prereleases count only on a prerelease channel, and only those of the same
 * identifier (`matchesPrereleaseIdentifier`). Here the channel is `pre` (`/release --pre rc`).
 *
 * `ancestry` holds what is known: tag name → whether its commit is an ancestor of (or is) the
 * proposed commit. Tags that are not `<prefix><semver>` are ignored silently; the order of the
 * input is never trusted.
 */
export function findLastRelease(tags: readonly TagRef[], o: { prefix: string; pre?: string | null; ancestry: ReadonlyMap<string, boolean> }): LastReleaseStep {
  const versions = versionTags(tags, o.prefix);
  const stable = versions.filter((t) => !isPrerelease(t.version));
  const ignored: IgnoredTag[] = [];

  let lastRelease: VersionTag | null = null;
  for (const candidate of stable) {
    const reachable = o.ancestry.get(candidate.tag);
    if (reachable === undefined) return { kind: 'check', tag: candidate };
    if (reachable) {
      lastRelease = candidate;
      break;
    }
    ignored.push({ tag: candidate.tag, because: 'not-ancestor' });
  }

  let lastPrerelease: VersionTag | null = null;
  const above = versions.filter((t) => isPrerelease(t.version) && (lastRelease === null || semver.gt(t.version, lastRelease.version)));
  for (const candidate of above) {
    if (!o.pre || lastPrerelease !== null || prereleaseId(candidate.version) !== o.pre) {
      ignored.push({ tag: candidate.tag, because: 'prerelease' });
      continue;
    }
    const reachable = o.ancestry.get(candidate.tag);
    if (reachable === undefined) return { kind: 'check', tag: candidate };
    if (reachable) lastPrerelease = candidate;
    else ignored.push({ tag: candidate.tag, because: 'not-ancestor' });
  }

  ignored.sort((a, b) => compareTags(versionOf(versions, b.tag), versionOf(versions, a.tag)));
  return { kind: 'found', base: { lastRelease, lastPrerelease, highestStable: stable[0]?.version ?? null, ignored } };
}

/** The version tags among `tags`, highest first; equal versions (`1.2.3`, `1.2.3+b`) in name order. */
export function versionTags(tags: readonly TagRef[], prefix: string): VersionTag[] {
  const out: VersionTag[] = [];
  for (const t of tags) {
    const version = parseTag(t.name, prefix);
    if (version !== null) out.push({ tag: t.name, version, commitSha: t.commitSha });
  }
  return out.sort((a, b) => compareTags(b, a));
}

function compareTags(a: VersionTag, b: VersionTag): number {
  return semver.compare(a.version, b.version) || (a.tag < b.tag ? 1 : a.tag > b.tag ? -1 : 0);
}

function versionOf(versions: readonly VersionTag[], tag: string): VersionTag {
  return versions.find((v) => v.tag === tag)!;
}

function isPrerelease(version: string): boolean {
  return semver.prerelease(version) !== null;
}

/** `1.3.0-rc.2` → `rc`; `1.3.0-0` → `0`. */
export function prereleaseId(version: string): string | null {
  const parts = semver.prerelease(version);
  return parts === null ? null : String(parts[0]);
}

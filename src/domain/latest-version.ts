import semver from 'semver';
import { parseTag } from './parse-tag.js';

export interface TaggedVersion {
  tag: string;
  version: string;
}

/**
 * The highest semver among the tags carrying `prefix` (prereleases included, ordered as
 * semver orders them). Tags that are not versions are ignored, and the order of the input is
 * never trusted: GitHub lists tags by name, so `v1.9.0` comes after `v1.10.0`.
 */
export function latestVersion(tags: readonly string[], prefix: string): TaggedVersion | null {
  let best: TaggedVersion | null = null;
  for (const tag of tags) {
    const version = parseTag(tag, prefix);
    if (version === null) continue;
    if (best === null || isHigher(version, tag, best)) best = { tag, version };
  }
  return best;
}

function isHigher(version: string, tag: string, than: TaggedVersion): boolean {
  // compareBuild, then the tag text, so that `1.2.3` and `1.2.3+b` give the same answer in any order.
  const order = semver.compareBuild(version, than.version);
  return order !== 0 ? order > 0 : tag < than.tag;
}

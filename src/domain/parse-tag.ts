import semver from 'semver';

/**
 * The version a tag names, or null when the tag is not `<prefix><strict semver>`.
 * No coercion: `v1.2`, `v01.2.3`, `latest` and, with prefix `''`, `v1.2.3` are not versions.
 * Build metadata is kept as written (`v1.2.3+build.5` -> `1.2.3+build.5`).
 */
export function parseTag(tag: string, prefix: string): string | null {
  if (!tag.startsWith(prefix)) return null;
  const rest = tag.slice(prefix.length);
  // semver.valid itself accepts a leading `v`/`=` and surrounding spaces; a tag must not.
  if (!/^\d[0-9A-Za-z.+-]*$/.test(rest)) return null;
  return semver.valid(rest) === null ? null : rest;
}

export function formatTag(version: string, prefix: string): string {
  return `${prefix}${version}`;
}

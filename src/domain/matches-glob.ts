/**
 * Whether `name` matches one of `patterns` as a whole: `*` is any run of characters (none
 * included), `?` exactly one; everything else is literal and case-sensitive, like GitHub's
 * repository names in URLs. `infra-*` matches `infra-dns`, `docs` only `docs`.
 */
export function matchesGlob(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => globToRegExp(pattern).test(name));
}

function globToRegExp(pattern: string): RegExp {
  const source = Array.from(pattern, (char) => {
    if (char === '*') return '.*';
    if (char === '?') return '.';
    return char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('');
  // `s`: a `*` runs over any character; `u`: a `?` is one character, not half a surrogate pair.
  return new RegExp(`^${source}$`, 'su');
}

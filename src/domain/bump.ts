/** How much a release moves the version, weakest first. */
export type Bump = 'major' | 'minor' | 'patch';

export const BUMPS: readonly Bump[] = ['patch', 'minor', 'major'];

export function isBump(word: string): word is Bump {
  return (BUMPS as readonly string[]).includes(word);
}

/** `null` (no release called for) ranks below every bump. */
export function bumpRank(b: Bump | null): number {
  return b === null ? 0 : BUMPS.indexOf(b) + 1;
}

export function maxBump(a: Bump | null, b: Bump | null): Bump | null {
  return bumpRank(b) > bumpRank(a) ? b : a;
}

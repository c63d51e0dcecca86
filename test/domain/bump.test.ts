import { describe, expect, it } from 'vitest';
import { BUMPS, bumpRank, isBump, maxBump } from '../../src/domain/bump.js';

describe('bump', () => {
  it('lists the bumps weakest first', () => {
    expect(BUMPS).toEqual(['patch', 'minor', 'major']);
  });

  it('recognises exactly the three lowercase bump words', () => {
    expect(['patch', 'minor', 'major'].map(isBump)).toEqual([true, true, true]);
    expect(['Major', 'huge', '', 'none', 'prerelease'].map(isBump)).toEqual([false, false, false, false, false]);
  });

  it('ranks no bump below patch below minor below major', () => {
    expect([null, 'patch', 'minor', 'major'].map((b) => bumpRank(b as never))).toEqual([0, 1, 2, 3]);
  });

  it('keeps the stronger of two bumps, in either order', () => {
    expect(maxBump('patch', 'minor')).toBe('minor');
    expect(maxBump('major', 'minor')).toBe('major');
    expect(maxBump(null, 'patch')).toBe('patch');
    expect(maxBump('patch', null)).toBe('patch');
    expect(maxBump(null, null)).toBeNull();
  });
});

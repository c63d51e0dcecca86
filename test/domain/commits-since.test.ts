import { describe, expect, it } from 'vitest';
import { commitsSince } from '../../src/domain/commits-since.js';

const c = (sha: string) => ({ sha, message: `fix: ${sha}` });

describe('commitsSince', () => {
  const history = [c('e'), c('d'), c('c'), c('b'), c('a')]; // newest first
  it('returns the commits after the tagged one, oldest first', () => {
    expect(commitsSince(history, 'c', false)!.map((x) => x.sha)).toEqual(['d', 'e']);
    expect(commitsSince(history, 'e', false)).toEqual([]);
  });
  it('needs more history when the tagged commit is not in view', () => {
    expect(commitsSince(history, 'z', false)).toBeNull();
    expect(commitsSince(history, null, false)).toBeNull();
  });
  it('takes all of a complete history when there is no tag', () => {
    expect(commitsSince(history, null, true)!.map((x) => x.sha)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

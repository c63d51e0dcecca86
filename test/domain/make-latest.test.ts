import { describe, expect, it } from 'vitest';
import { makeLatest } from '../../src/domain/make-latest.js';

describe('makeLatest', () => {
  it('makes a stable version above every stable release the latest', () => {
    expect(makeLatest({ version: '1.3.0', draft: false, highestStable: '1.2.3' })).toBe(true);
    expect(makeLatest({ version: '1.0.0', draft: false, highestStable: null })).toBe(true);
  });

  it('never lets a prerelease, a draft or a backport take "Latest"', () => {
    expect(makeLatest({ version: '1.3.0-rc.1', draft: false, highestStable: '1.2.3' })).toBe(false);
    expect(makeLatest({ version: '1.3.0', draft: true, highestStable: '1.2.3' })).toBe(false);
    expect(makeLatest({ version: '1.4.1', draft: false, highestStable: '2.0.0' })).toBe(false);
    // the same version under another build is not above it
    expect(makeLatest({ version: '2.0.0', draft: false, highestStable: '2.0.0' })).toBe(false);
  });
});

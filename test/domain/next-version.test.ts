import { describe, expect, it } from 'vitest';
import { bumpBetween, nextVersion, PRERELEASE_IDS } from '../../src/domain/next-version.js';

describe('nextVersion', () => {
  it('moves a stable version by the bump', () => {
    expect(nextVersion('1.2.3', 'patch')).toBe('1.2.4');
    expect(nextVersion('1.2.3', 'minor')).toBe('1.3.0');
    expect(nextVersion('1.2.3', 'major')).toBe('2.0.0');
    expect(nextVersion('0.9.9', 'minor')).toBe('0.10.0');
  });

  it('counts the first release from 0.0.0', () => {
    expect(nextVersion(null, 'patch')).toBe('0.0.1');
    expect(nextVersion(null, 'minor')).toBe('0.1.0');
    expect(nextVersion(null, 'major')).toBe('1.0.0');
    expect(nextVersion(null, 'minor', 'rc')).toBe('0.1.0-rc.1');
  });

  it('finishes a prerelease line with the bump that started it', () => {
    expect(nextVersion('1.3.0-rc.2', 'minor')).toBe('1.3.0');
    expect(nextVersion('1.3.0-rc.2', 'patch')).toBe('1.3.0');
    expect(nextVersion('1.3.0-rc.2', 'major')).toBe('2.0.0');
    expect(nextVersion('2.0.0-rc.1', 'major')).toBe('2.0.0');
    expect(nextVersion('2.0.0-rc.1', 'minor')).toBe('2.0.0');
  });

  it('starts a prerelease line of the target at .1', () => {
    expect(nextVersion('1.2.3', 'minor', 'rc')).toBe('1.3.0-rc.1');
    expect(nextVersion('1.2.3', 'patch', 'alpha')).toBe('1.2.4-alpha.1');
    expect(nextVersion('1.2.3', 'major', 'beta')).toBe('2.0.0-beta.1');
  });

  it('walks rc.1 to rc.2 to the final release', () => {
    const rc1 = nextVersion('1.2.3', 'minor', 'rc');
    const rc2 = nextVersion(rc1, 'minor', 'rc');
    const final = nextVersion(rc2, 'minor');
    expect([rc1, rc2, final]).toEqual(['1.3.0-rc.1', '1.3.0-rc.2', '1.3.0']);
  });

  it('goes from beta to rc.1 of the same target', () => {
    expect(nextVersion('1.3.0-beta.2', 'minor', 'rc')).toBe('1.3.0-rc.1');
    expect(nextVersion('1.3.0-beta.2', 'minor', 'beta')).toBe('1.3.0-beta.3');
  });

  it('starts a new line when the bump leads past the current prerelease', () => {
    expect(nextVersion('1.3.0-rc.1', 'major', 'rc')).toBe('2.0.0-rc.1');
    expect(nextVersion('1.3.0', 'minor', 'rc')).toBe('1.4.0-rc.1');
  });

  it('continues an rc line with a patch bump too, since it leads to the same release', () => {
    expect(nextVersion('1.3.0-rc.1', 'patch', 'rc')).toBe('1.3.0-rc.2');
  });

  it('numbers a prerelease without a number as .1', () => {
    expect(nextVersion('1.3.0-rc', 'minor', 'rc')).toBe('1.3.0-rc.1');
  });

  it('throws on a current version that is not semver, which is a bug upstream', () => {
    expect(() => nextVersion('v1.2', 'minor')).toThrow(/not a semver version/);
    expect(() => nextVersion('1.2.3', 'minor', 'r c')).toThrow(/not a prerelease identifier/);
  });

  it('offers alpha, beta and rc as prerelease ids', () => {
    expect(PRERELEASE_IDS).toEqual(['alpha', 'beta', 'rc']);
  });
});

describe('bumpBetween', () => {
  it('names the part of major.minor.patch that moved', () => {
    expect(bumpBetween('1.2.3', '1.2.4')).toBe('patch');
    expect(bumpBetween('1.2.3', '1.3.0')).toBe('minor');
    expect(bumpBetween('1.2.3', '2.0.0')).toBe('major');
  });

  it('counts a first release from 0.0.0', () => {
    expect(bumpBetween(null, '0.0.1')).toBe('patch');
    expect(bumpBetween(null, '0.1.0')).toBe('minor');
    expect(bumpBetween(null, '1.0.0')).toBe('major');
  });

  it('counts finishing a prerelease line as the bump that started it', () => {
    expect(bumpBetween('1.3.0-rc.1', '1.3.0')).toBe('minor');
    expect(bumpBetween('2.0.0-rc.1', '2.0.0')).toBe('major');
    expect(bumpBetween('1.2.4-rc.1', '1.2.4')).toBe('patch');
  });

  it('counts a prerelease as the bump of its target', () => {
    expect(bumpBetween('1.2.3', '1.3.0-rc.1')).toBe('minor');
    expect(bumpBetween('1.3.0-rc.1', '1.3.0-rc.2')).toBe('minor');
    expect(bumpBetween('1.2.3', '2.0.0-beta.1')).toBe('major');
  });

  it('falls back to the first part that differs when no single bump gets there', () => {
    expect(bumpBetween('1.2.3', '1.5.0')).toBe('minor');
    expect(bumpBetween('1.2.3', '3.1.4')).toBe('major');
    expect(bumpBetween('1.2.3', '1.2.9')).toBe('patch');
  });
});

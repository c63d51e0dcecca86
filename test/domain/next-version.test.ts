import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { FIRST_RELEASE, nextVersion, PRERELEASE_IDS } from '../../src/domain/next-version.js';

const from = (lastRelease: string | null, lastPrerelease: string | null = null) => ({ lastRelease, lastPrerelease });

describe('nextVersion', () => {
  it('is semver.inc of the last release (node-semver decides the arithmetic)', () => {
    for (const last of ['1.2.3', '0.9.9', '1.2.3+build.7', '9.99.999']) {
      for (const bump of ['patch', 'minor', 'major'] as const) expect(nextVersion(from(last), bump)).toBe(semver.inc(last, bump));
    }
  });

  it('drops build metadata', () => {
    expect(nextVersion(from('1.2.3+build.7'), 'patch')).toBe('1.2.4');
    expect(nextVersion(from('1.2.3+build.7'), 'minor', 'rc')).toBe('1.3.0-rc.1');
  });

  it('starts at 1.0.0 with nothing released, whatever the bump, as semantic-release and release-please do', () => {
    expect(FIRST_RELEASE).toBe('1.0.0');
    expect(nextVersion(from(null), 'patch')).toBe('1.0.0');
    expect(nextVersion(from(null), 'major')).toBe('1.0.0');
    expect(nextVersion(from(null), 'minor', 'beta')).toBe('1.0.0-beta.1');
    expect(nextVersion(from(null, '1.0.0-beta.3'), 'minor', 'beta')).toBe('1.0.0-beta.4');
  });

  it('walks rc.1 to rc.2 and then to the release, each counted from the last release', () => {
    const rc1 = nextVersion(from('1.2.3'), 'minor', 'rc');
    const rc2 = nextVersion(from('1.2.3', rc1), 'minor', 'rc');
    const release = nextVersion(from('1.2.3'), 'minor');
    expect([rc1, rc2, release]).toEqual(['1.3.0-rc.1', '1.3.0-rc.2', '1.3.0']);
  });

  it('takes the higher of the line continued and the last release bumped', () => {
    expect(nextVersion(from('1.2.3', '1.3.0-rc.1'), 'patch', 'rc')).toBe('1.3.0-rc.2');
    expect(nextVersion(from('1.2.3', '1.3.0-rc.1'), 'major', 'rc')).toBe('2.0.0-rc.1');
    expect(nextVersion(from('1.2.3', '1.2.4-beta.1'), 'minor', 'beta')).toBe('1.3.0-beta.1');
  });

  it('numbers a prerelease without a number as .1', () => {
    expect(nextVersion(from('1.2.3', '1.3.0-rc'), 'minor', 'rc')).toBe('1.3.0-rc.1');
  });

  it('throws on versions that are not semver or an id that is not one, which are bugs upstream', () => {
    expect(() => nextVersion(from('v1.2'), 'minor')).toThrow(/not a semver version/);
    expect(() => nextVersion(from('1.2.3'), 'minor', 'r c')).toThrow(/not a prerelease identifier/);
  });

  it('accepts the ids of the command grammar, in semver order', () => {
    expect([...PRERELEASE_IDS].sort()).toEqual(PRERELEASE_IDS);
  });
});

import { describe, expect, it } from 'vitest';
import { latestVersion } from '../../src/domain/latest-version.js';

describe('latestVersion', () => {
  it('orders by semver, not by name: v1.10.0 is above v1.9.0', () => {
    expect(latestVersion(['v1.9.0', 'v1.10.0', 'v1.2.0'], 'v')).toEqual({ tag: 'v1.10.0', version: '1.10.0' });
    expect(latestVersion(['v1.10.0', 'v1.9.0'], 'v')).toEqual({ tag: 'v1.10.0', version: '1.10.0' });
  });

  it('ignores tags that are not versions with the prefix', () => {
    const tags = ['latest', 'v1.2', 'release-2020', 'v01.2.3', 'v9', 'v1.4.0', 'nightly', 'v1.3.9'];
    expect(latestVersion(tags, 'v')).toEqual({ tag: 'v1.4.0', version: '1.4.0' });
  });

  it('counts a prerelease above the release before it and below its own final', () => {
    expect(latestVersion(['v1.2.3', 'v1.3.0-rc.1'], 'v')).toEqual({ tag: 'v1.3.0-rc.1', version: '1.3.0-rc.1' });
    expect(latestVersion(['v1.3.0-rc.2', 'v1.3.0', 'v1.3.0-rc.1'], 'v')).toEqual({ tag: 'v1.3.0', version: '1.3.0' });
    expect(latestVersion(['v1.3.0-rc.1', 'v1.3.0-beta.9', 'v1.3.0-rc.10', 'v1.3.0-rc.2'], 'v')).toEqual({
      tag: 'v1.3.0-rc.10',
      version: '1.3.0-rc.10',
    });
  });

  it('keeps to the prefix it is given', () => {
    const tags = ['v3.0.0', 't1.1.0', '2.0.0', 't1.0.0'];
    expect(latestVersion(tags, 't')).toEqual({ tag: 't1.1.0', version: '1.1.0' });
    expect(latestVersion(tags, '')).toEqual({ tag: '2.0.0', version: '2.0.0' });
    expect(latestVersion(tags, 'v')).toEqual({ tag: 'v3.0.0', version: '3.0.0' });
  });

  it('gives null when no tag is a version', () => {
    expect(latestVersion([], 'v')).toBeNull();
    expect(latestVersion(['latest', 'v1.2', 'stable'], 'v')).toBeNull();
    expect(latestVersion(['v1.2.3'], '')).toBeNull();
  });

  it('gives the same answer whatever the order when two tags name the same version', () => {
    const a = latestVersion(['v1.2.3+build.1', 'v1.2.3'], 'v');
    const b = latestVersion(['v1.2.3', 'v1.2.3+build.1'], 'v');
    expect(a).toEqual(b);
    expect(a).toEqual({ tag: 'v1.2.3+build.1', version: '1.2.3+build.1' });
  });
});

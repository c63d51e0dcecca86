import { describe, expect, it } from 'vitest';
import type { Bump } from '../../src/domain/bump.js';
import { findLastRelease } from '../../src/domain/last-release.js';
import { nextVersion } from '../../src/domain/next-version.js';
import { branchProblems, maintenanceRange, releaseLine, withinRange, type BranchSpec } from '../../src/domain/release-line.js';

const BRANCHES: Record<string, BranchSpec> = {
  develop: { prerelease: 'beta' },
  'release/*': { prerelease: 'rc' },
  '1.x': { maintenance: true },
  '*.*.x': { maintenance: true },
};

/**
 * Expected values from semantic-release 24.2.9's own lib/get-last-release.js and
 * lib/get-next-version.js, run on each row with `branch.tags` = the tags listed (those reachable
 * from the branch; a prerelease tag published on its id's channel), the branch typed as
 * semantic-release types it (prerelease / release / maintenance), and for maintenance the range
 * semantic-release gives it (lib/branches/normalize.js: from the last release on it to the next
 * line); null where the version would leave that range, which semantic-release refuses
 * (EINVALIDNEXTVERSION). Columns: name, branch, tags on it, bump, next version.
 */
const SEMANTIC_RELEASE: [string, string, string[], Bump, string | null][] = [
  ['a feature on develop after 1.2.3', 'develop', ['1.2.3'], 'minor', '1.3.0-beta.1'],
  ['the next push to develop', 'develop', ['1.2.3', '1.3.0-beta.1'], 'patch', '1.3.0-beta.2'],
  ['a breaking change on develop escalates', 'develop', ['1.2.3', '1.3.0-beta.2'], 'major', '2.0.0-beta.1'],
  ['release/1.3 cut from develop', 'release/1.3', ['1.2.3', '1.3.0-beta.2'], 'minor', '1.3.0-rc.1'],
  ['the next candidate on release/1.3', 'release/1.3', ['1.2.3', '1.3.0-beta.2', '1.3.0-rc.1'], 'patch', '1.3.0-rc.2'],
  ['main after release/1.3 is merged', 'main', ['1.2.3', '1.3.0-beta.2', '1.3.0-rc.2'], 'minor', '1.3.0'],
  ['a fix on 1.x after 2.0.0 on main', '1.x', ['1.4.0'], 'patch', '1.4.1'],
  ['a feature on 1.x', '1.x', ['1.4.0'], 'minor', '1.5.0'],
  ['a fix on 1.2.x', '1.2.x', ['1.2.3'], 'patch', '1.2.4'],
  ['a feature on 1.2.x leaves the line', '1.2.x', ['1.2.3'], 'minor', null],
  ['a breaking change on 1.x leaves the line', '1.x', ['1.4.0'], 'major', null],
];

describe('release branches agree with semantic-release', () => {
  it.each(SEMANTIC_RELEASE)('%s', (_name, branch, tags, bump, expected) => {
    const line = releaseLine(branch, { defaultBranch: 'main', branches: BRANCHES });
    if (line === null) throw new Error(`${branch} has no line`);
    const pre = line.kind === 'prerelease' ? line.id : null;
    const step = findLastRelease(
      tags.map((t) => ({ name: `v${t}`, commitSha: t })),
      { prefix: 'v', pre, ancestry: new Map(tags.map((t) => [`v${t}`, true])) },
    );
    if (step.kind !== 'found') throw new Error('every ancestry is known');
    const version = nextVersion(
      { lastRelease: step.base.lastRelease?.version ?? null, lastPrerelease: step.base.lastPrerelease?.version ?? null },
      bump,
      pre ?? undefined,
    );
    const kept = line.kind === 'maintenance' && !withinRange(version, line.range) ? null : version;
    expect(kept).toBe(expected);
  });
});

describe('releaseLine', () => {
  it('finds each branch its role: the default branch, a channel, a maintenance line, or none', () => {
    const o = { defaultBranch: 'main', branches: BRANCHES };
    expect(releaseLine('main', o)).toEqual({ kind: 'default', branch: 'main' });
    expect(releaseLine('develop', o)).toEqual({ kind: 'prerelease', branch: 'develop', id: 'beta' });
    expect(releaseLine('release/1.3', o)).toEqual({ kind: 'prerelease', branch: 'release/1.3', id: 'rc' });
    expect(releaseLine('1.x', o)).toMatchObject({ kind: 'maintenance', range: { major: 1, minor: null } });
    expect(releaseLine('2.4.x', o)).toMatchObject({ kind: 'maintenance', range: { major: 2, minor: 4 } });
    expect(releaseLine('feature/login', o)).toBeNull();
  });

  it('lets an exact name win over a glob', () => {
    const o = { defaultBranch: 'main', branches: { 'release/*': { prerelease: 'rc' }, 'release/next': { prerelease: 'next' } } as Record<string, BranchSpec> };
    expect(releaseLine('release/next', o)).toMatchObject({ id: 'next' });
  });

  it('makes no maintenance line of a branch not named N.x or N.N.x', () => {
    expect(releaseLine('lts', { defaultBranch: 'main', branches: { 'l*': { maintenance: true } } })).toBeNull();
    expect(maintenanceRange('1.x')).toEqual({ major: 1, minor: null, label: '1.x' });
    expect(maintenanceRange('v1.x')).toBeNull();
  });

  it('keeps a version on its line by major, and by minor for N.N.x', () => {
    expect(withinRange('1.9.0', maintenanceRange('1.x')!)).toBe(true);
    expect(withinRange('2.0.0', maintenanceRange('1.x')!)).toBe(false);
    expect(withinRange('1.2.9', maintenanceRange('1.2.x')!)).toBe(true);
    expect(withinRange('1.3.0', maintenanceRange('1.2.x')!)).toBe(false);
  });
});

describe('branchProblems', () => {
  it('names a bad prerelease id, a bad maintenance name, and a branch given two roles', () => {
    expect(
      branchProblems({
        develop: { prerelease: 'be ta' },
        nightly: { prerelease: '42' },
        lts: { maintenance: true },
        'release/*': { prerelease: 'rc' },
        'release/1.x': { maintenance: true },
      }),
    ).toEqual([
      'develop: prerelease "be ta" is not a prerelease identifier (letters, digits and -, not only digits)',
      'nightly: prerelease "42" is not a prerelease identifier (letters, digits and -, not only digits)',
      'lts: a maintenance branch is named N.x or N.N.x (like 1.x or 1.2.x)',
      'release/1.x: a maintenance branch is named N.x or N.N.x (like 1.x or 1.2.x)',
      'release/1.x: configured twice with different roles (also by release/*)',
    ]);
    expect(branchProblems(BRANCHES)).toEqual([]);
  });
});

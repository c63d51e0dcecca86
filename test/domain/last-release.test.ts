import { describe, expect, it } from 'vitest';
import type { Bump } from '../../src/domain/bump.js';
import { findLastRelease, type TagRef, type VersionBase } from '../../src/domain/last-release.js';
import { nextVersion } from '../../src/domain/next-version.js';

/** Runs `findLastRelease` with every tag's ancestry known, as a caller does once it has asked. */
function baseOf(tags: readonly (readonly [string, boolean])[], pre: string | null, prefix = 'v'): VersionBase {
  const refs: TagRef[] = tags.map(([name], i) => ({ name, commitSha: String(i).padStart(40, '0') }));
  const step = findLastRelease(refs, { prefix, pre, ancestry: new Map(tags.map(([name, ancestor]) => [name, ancestor])) });
  if (step.kind !== 'found') throw new Error(`asked about ${step.tag.tag} although every ancestry was known`);
  return step.base;
}

/**
 * Expected values from semantic-release 24.2.9's own `lib/get-last-release.js` and
 * `lib/get-next-version.js`, run on each row: `branch.tags` = the tags marked as ancestors
 * (semantic-release reads them with `git tag --merged`), a prerelease id = a prerelease branch
 * of that name whose earlier tags of the same id were published on its channel, no id = the
 * release branch. Columns: name, tags [tag, ancestor of the proposed commit?], --pre, bump,
 * semantic-release's last release, its next version.
 */
const SEMANTIC_RELEASE: [string, [string, boolean][], string | null, Bump, string | null, string][] = [
  [
    'stale rc above the last release',
    [
      ['v1.2.3', true],
      ['v1.10.0-rc.1', true],
    ],
    null,
    'minor',
    'v1.2.3',
    '1.3.0',
  ],
  [
    'stale rc, patch',
    [
      ['v1.2.3', true],
      ['v1.10.0-rc.1', true],
    ],
    null,
    'patch',
    'v1.2.3',
    '1.2.4',
  ],
  [
    'rc line in progress on the same channel',
    [
      ['v1.2.3', true],
      ['v1.3.0-rc.1', true],
    ],
    'rc',
    'minor',
    'v1.3.0-rc.1',
    '1.3.0-rc.2',
  ],
  [
    'rc line, a fix keeps the line',
    [
      ['v1.2.3', true],
      ['v1.3.0-rc.1', true],
    ],
    'rc',
    'patch',
    'v1.3.0-rc.1',
    '1.3.0-rc.2',
  ],
  [
    'rc line, breaking moves to a new line',
    [
      ['v1.2.3', true],
      ['v1.3.0-rc.2', true],
    ],
    'rc',
    'major',
    'v1.3.0-rc.2',
    '2.0.0-rc.1',
  ],
  [
    'beta while rc tags exist',
    [
      ['v1.2.3', true],
      ['v1.3.0-rc.1', true],
    ],
    'beta',
    'minor',
    'v1.2.3',
    '1.3.0-beta.1',
  ],
  [
    'beta line while rc tags exist',
    [
      ['v1.2.3', true],
      ['v1.3.0-rc.1', true],
      ['v1.3.0-beta.2', true],
    ],
    'beta',
    'minor',
    'v1.3.0-beta.2',
    '1.3.0-beta.3',
  ],
  [
    'promotion of an rc line to its release',
    [
      ['v1.2.3', true],
      ['v1.3.0-rc.2', true],
    ],
    null,
    'minor',
    'v1.2.3',
    '1.3.0',
  ],
  [
    'a release after the rc line was promoted',
    [
      ['v1.2.3', true],
      ['v1.3.0-rc.2', true],
      ['v1.3.0', true],
    ],
    'rc',
    'minor',
    'v1.3.0',
    '1.4.0-rc.1',
  ],
  ['first release', [], null, 'minor', null, '1.0.0'],
  ['first release, major', [], null, 'major', null, '1.0.0'],
  ['first release with --pre', [], 'rc', 'minor', null, '1.0.0-rc.1'],
  ['first release, an rc already out', [['v1.0.0-rc.1', true]], 'rc', 'minor', 'v1.0.0-rc.1', '1.0.0-rc.2'],
  ['first stable after rcs', [['v1.0.0-rc.3', true]], null, 'patch', null, '1.0.0'],
  ['build metadata on the last release', [['v1.2.3+build.7', true]], null, 'patch', 'v1.2.3+build.7', '1.2.4'],
  [
    'tag not an ancestor is ignored',
    [
      ['v1.2.3', true],
      ['v3.0.0', false],
    ],
    null,
    'minor',
    'v1.2.3',
    '1.3.0',
  ],
  [
    'several stale tags off the branch',
    [
      ['v1.2.3', true],
      ['v2.0.0', false],
      ['v1.5.0', false],
      ['v1.9.0-rc.1', false],
    ],
    null,
    'patch',
    'v1.2.3',
    '1.2.4',
  ],
  [
    'an rc off the branch does not continue',
    [
      ['v1.2.3', true],
      ['v1.3.0-rc.4', false],
    ],
    'rc',
    'minor',
    'v1.2.3',
    '1.3.0-rc.1',
  ],
  [
    'highest first: v1.10.0 over v1.9.0',
    [
      ['v1.9.0', true],
      ['v1.10.0', true],
    ],
    null,
    'patch',
    'v1.10.0',
    '1.10.1',
  ],
  ['0.x moves like any other', [['v0.9.9', true]], null, 'minor', 'v0.9.9', '0.10.0'],
  [
    'alpha after beta of the same target',
    [
      ['v1.2.3', true],
      ['v1.3.0-beta.1', true],
    ],
    'alpha',
    'minor',
    'v1.2.3',
    '1.3.0-alpha.1',
  ],
  [
    'prerelease with no number',
    [
      ['v1.2.3', true],
      ['v1.3.0-rc', true],
    ],
    'rc',
    'minor',
    'v1.3.0-rc',
    '1.3.0-rc.1',
  ],
];

describe('the last release and the next version agree with semantic-release', () => {
  it.each(SEMANTIC_RELEASE)('%s', (_name, tags, pre, bump, last, next) => {
    const base = baseOf(tags, pre);
    const counted = pre !== null && base.lastPrerelease ? base.lastPrerelease.tag : (base.lastRelease?.tag ?? null);
    // semantic-release's last release on a prerelease channel is the channel's last prerelease when it is higher
    expect(counted).toBe(last);
    expect(nextVersion({ lastRelease: base.lastRelease?.version ?? null, lastPrerelease: base.lastPrerelease?.version ?? null }, bump, pre ?? undefined)).toBe(
      next,
    );
  });
});

describe('findLastRelease', () => {
  it('never counts a prerelease as the last release of a normal release, and says it ignored it', () => {
    const base = baseOf(
      [
        ['v1.2.3', true],
        ['v1.10.0-rc.1', true],
        ['v1.0.0-rc.1', true],
      ],
      null,
    );
    expect(base.lastRelease?.tag).toBe('v1.2.3');
    // only tags above the last release are worth a word
    expect(base.ignored).toEqual([{ tag: 'v1.10.0-rc.1', because: 'prerelease' }]);
  });

  it('ignores a higher tag that is not an ancestor of the proposed commit, and says so', () => {
    const base = baseOf(
      [
        ['v1.2.3', true],
        ['v3.0.0', false],
        ['v2.1.0-beta.1', false],
      ],
      null,
    );
    expect(base.lastRelease?.tag).toBe('v1.2.3');
    expect(base.ignored).toEqual([
      { tag: 'v3.0.0', because: 'not-ancestor' },
      { tag: 'v2.1.0-beta.1', because: 'prerelease' },
    ]);
    // "Latest" is decided against every stable release, wherever it is
    expect(base.highestStable).toBe('3.0.0');
  });

  it('asks about the highest stable tag first and stops at the first ancestor', () => {
    const refs: TagRef[] = ['v1.9.0', 'v1.10.0', 'v1.2.0', 'v2.0.0-rc.1', 'latest'].map((name) => ({ name, commitSha: name }));
    const asked: string[] = [];
    const ancestry = new Map<string, boolean>();
    const facts: Record<string, boolean> = { 'v1.10.0': false, 'v1.9.0': true };
    for (;;) {
      const step = findLastRelease(refs, { prefix: 'v', ancestry });
      if (step.kind === 'found') {
        expect(step.base.lastRelease?.tag).toBe('v1.9.0');
        break;
      }
      asked.push(step.tag.tag);
      ancestry.set(step.tag.tag, facts[step.tag.tag]!);
    }
    // v1.2.0 is below the answer and the rc cannot be the last release: neither costs a request
    expect(asked).toEqual(['v1.10.0', 'v1.9.0']);
  });

  it('with --pre, asks about the prereleases of that id above the last release only', () => {
    const refs: TagRef[] = ['v1.2.3', 'v1.3.0-rc.2', 'v1.3.0-beta.4', 'v1.1.0-rc.9'].map((name) => ({ name, commitSha: name }));
    const step = findLastRelease(refs, { prefix: 'v', pre: 'rc', ancestry: new Map([['v1.2.3', true]]) });
    expect(step).toMatchObject({ kind: 'check', tag: { tag: 'v1.3.0-rc.2' } });
  });

  it('reads only tags with the prefix that are strict semver, whatever else the repository holds', () => {
    const tags: [string, boolean][] = [
      ['t1.2.0', true],
      ['v9.0.0', true],
      ['release-2020', true],
      ['t1.3', true],
      ['t01.4.0', true],
      ['1.5.0', true],
      ['t1.2.1', true],
    ];
    expect(baseOf(tags, null, 't').lastRelease?.tag).toBe('t1.2.1');
    expect(baseOf(tags, null, '').lastRelease?.tag).toBe('1.5.0');
    expect(baseOf(tags, null, 'v').lastRelease?.tag).toBe('v9.0.0');
  });

  it('finds nothing in a repository without version tags: the first release', () => {
    const base = baseOf(
      [
        ['latest', true],
        ['v1.2', true],
      ],
      null,
    );
    expect(base).toEqual({ lastRelease: null, lastPrerelease: null, highestStable: null, ignored: [] });
  });

  it('orders 1.2.3 and 1.2.3+build the same way in any input order', () => {
    const a = baseOf(
      [
        ['v1.2.3', true],
        ['v1.2.3+build.5', true],
      ],
      null,
    ).lastRelease?.tag;
    const b = baseOf(
      [
        ['v1.2.3+build.5', true],
        ['v1.2.3', true],
      ],
      null,
    ).lastRelease?.tag;
    expect(a).toBe(b);
  });
});

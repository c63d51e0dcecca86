import { describe, expect, it } from 'vitest';
import { analyzeCommits, type CommitInput } from '../../src/domain/analyze-commits.js';
import { releaseNotes } from '../../src/domain/release-notes.js';

const SHA = (n: number) => `${n}`.repeat(40).slice(0, 40);

function analyze(messages: string[]) {
  const inputs: CommitInput[] = messages.map((message, i) => ({ sha: SHA(i + 1), message }));
  return analyzeCommits(inputs, { defaultBump: 'patch' }).commits;
}

describe('releaseNotes', () => {
  it('groups commits in the fixed order of sections, each line with scope and short sha', () => {
    const commits = analyze([
      'fix(api): handle 404',
      'feat: add export',
      'chore: bump deps',
      'feat(ui)!: new layout\n\nBREAKING CHANGE: the old theme is gone',
      'perf: cache tags',
      'Update README',
      'revert: feat: add import',
    ]);
    expect(releaseNotes({ commits })).toBe(
      [
        '### ⚠ Breaking changes',
        '',
        '- **ui:** the old theme is gone (4444444)',
        '',
        '### Features',
        '',
        '- add export (2222222)',
        '- **ui:** new layout (4444444)',
        '',
        '### Bug fixes',
        '',
        '- **api:** handle 404 (1111111)',
        '- cache tags (5555555)',
        '- feat: add import (7777777)',
        '',
        '### Other changes',
        '',
        '- bump deps (3333333)',
        '- Update README (6666666)',
      ].join('\n'),
    );
  });

  it('lists a breaking change without a footer by its subject', () => {
    const commits = analyze(['fix(api)!: rename id to uid']);
    expect(releaseNotes({ commits })).toBe(
      ['### ⚠ Breaking changes', '', '- **api:** rename id to uid (1111111)', '', '### Bug fixes', '', '- **api:** rename id to uid (1111111)'].join('\n'),
    );
  });

  it('links each sha to its commit and ends with the full changelog', () => {
    const commits = analyze(['feat: a']);
    expect(
      releaseNotes({
        commits,
        repoUrl: 'https://github.com/acme/widget/',
        compareUrl: 'https://github.com/acme/widget/compare/v1.2.3...v1.3.0',
      }),
    ).toBe(
      [
        '### Features',
        '',
        `- a ([1111111](https://github.com/acme/widget/commit/${SHA(1)}))`,
        '',
        '**Full changelog**: https://github.com/acme/widget/compare/v1.2.3...v1.3.0',
      ].join('\n'),
    );
  });

  it('leaves out merge commits with nothing in them, but keeps a merged pull request', () => {
    const commits = analyze([
      "Merge branch 'main' into feature/x",
      'Merge pull request #3 from acme/empty',
      'Merge pull request #4 from acme/tidy\n\nTidy the build',
      'Merge pull request #5 from acme/feat\n\nfeat: add z',
    ]);
    expect(releaseNotes({ commits })).toBe(['### Features', '', '- add z (4444444)', '', '### Other changes', '', '- Tidy the build (3333333)'].join('\n'));
  });

  it('gives only the changelog link, or nothing, when there is nothing to list', () => {
    expect(releaseNotes({ commits: [] })).toBe('');
    expect(releaseNotes({ commits: analyze(["Merge branch 'main'"]), compareUrl: 'https://x/compare/a...b' })).toBe(
      '**Full changelog**: https://x/compare/a...b',
    );
  });
});

describe('releaseNotes with reverts', () => {
  it('leaves out a commit and its revert in the same release', () => {
    const notes = releaseNotes({
      commits: analyzeCommits(
        [
          { sha: 'aaaaaaa1', message: 'feat: a risky toggle' },
          { sha: 'bbbbbbb2', message: 'fix: a real bug' },
          { sha: 'ccccccc3', message: 'Revert "feat: a risky toggle"\n\nThis reverts commit aaaaaaa1.' },
        ],
        { defaultBump: 'none' },
      ).commits,
    });
    expect(notes).toContain('a real bug');
    expect(notes).not.toContain('risky toggle');
    expect(notes).not.toContain('### Features');
  });
});

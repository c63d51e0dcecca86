import { describe, expect, it } from 'vitest';
import { repoFileNote, validateRepoFile } from '../../src/domain/repo-file.js';

describe('validateRepoFile', () => {
  it.each([
    ['an empty file', null, {}],
    ['a tag prefix', { tagPrefix: 'release-' }, { tagPrefix: 'release-' }],
    [
      'every key a repository may set',
      {
        tagPrefix: '',
        defaultBump: 'none',
        notes: 'github',
        channel: 'C0WIDGET',
        releaseRules: [{ type: 'docs', scope: 'README*', release: 'patch' }],
        branches: { develop: { prerelease: 'beta' }, '1.x': { maintenance: true } },
      },
      {
        tagPrefix: '',
        defaultBump: 'none',
        notes: 'github',
        channel: 'C0WIDGET',
        releaseRules: [{ type: 'docs', scope: 'README*', release: 'patch' }],
        branches: { develop: { prerelease: 'beta' }, '1.x': { maintenance: true } },
      },
    ],
  ])('takes %s', (_name, raw, settings) => {
    expect(validateRepoFile(raw)).toEqual({ kind: 'valid', settings });
  });

  it.each([
    ['approvers', { approvers: ['U0MALLORY'] }, ["approvers: not allowed in a repository's file (only the organisation's release-bot.yml sets it)"]],
    [
      'a policy that lowers the required approvals',
      { policies: [{ repos: ['*'], requiredApprovals: 1 }] },
      ["policies: not allowed in a repository's file (only the organisation's release-bot.yml sets it)"],
    ],
    [
      'requiredApprovals at the top',
      { requiredApprovals: 0 },
      ["requiredApprovals: not allowed in a repository's file (only the organisation's release-bot.yml sets it)"],
    ],
    ['a freeze', { freeze: [] }, ["freeze: not allowed in a repository's file (only the organisation's release-bot.yml sets it)"]],
    ['break-glass people', { breakGlass: ['U0MALLORY'] }, ["breakGlass: not allowed in a repository's file (only the organisation's release-bot.yml sets it)"]],
    [
      'an unknown key',
      { tagprefix: 'v' },
      ["tagprefix: unknown key (a repository's file may set tagPrefix, defaultBump, notes, channel, releaseRules, branches)"],
    ],
    ['a release rule without release', { releaseRules: [{ type: 'refactor' }] }, ['releaseRules.0.release: required']],
    [
      'a release rule with a wrong release',
      { releaseRules: [{ type: 'docs', release: 'huge' }] },
      ['releaseRules.0.release: must be major, minor, patch or false'],
    ],
    [
      'a release rule matching every commit',
      { releaseRules: [{ release: 'patch' }] },
      ['releaseRules.0: a rule needs at least one of type, scope or breaking: true'],
    ],
    ['a wrong defaultBump', { defaultBump: 'minor' }, ['defaultBump: Invalid option: expected one of "patch"|"none"']],
    ['a bad prerelease id', { branches: { develop: { prerelease: 'not an id' } } }, [expect.stringContaining('branches.develop: prerelease "not an id"')]],
    ['a list instead of a mapping', ['tagPrefix: v'], ['must be a mapping of settings, like `tagPrefix: v`']],
  ])('refuses %s, naming the problem', (_name, raw, problems) => {
    expect(validateRepoFile(raw)).toEqual({ kind: 'invalid', problems });
  });

  it('names every problem of a file at once, the allowed keys included', () => {
    const file = validateRepoFile({ approvers: ['U0MALLORY'], tagPrefix: 3, notes: 'github' });
    expect(file.kind === 'invalid' && file.problems).toEqual([
      "approvers: not allowed in a repository's file (only the organisation's release-bot.yml sets it)",
      'tagPrefix: Invalid input: expected string, received number',
    ]);
  });
});

describe('repoFileNote', () => {
  it('says nothing of a missing or empty file', () => {
    expect(repoFileNote({ kind: 'absent' })).toBeNull();
    expect(repoFileNote({ kind: 'valid', settings: {} })).toBeNull();
  });

  it('names the keys taken from the file, in the order of the schema', () => {
    expect(repoFileNote({ kind: 'valid', settings: { releaseRules: [], tagPrefix: 'release-' } })).toEqual({
      kind: 'applied',
      keys: ['tagPrefix', 'releaseRules'],
    });
  });

  it('keeps five problems at most and counts the rest', () => {
    const problems = Array.from({ length: 8 }, (_, i) => `k${i}: unknown key`);
    expect(repoFileNote({ kind: 'invalid', problems })).toEqual({ kind: 'ignored', problems: [...problems.slice(0, 5), 'and 3 more'] });
  });
});

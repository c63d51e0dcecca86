import { describe, expect, it } from 'vitest';
import { RepoFileReader } from '../../src/github/repo-file-reader.js';
import { useEmulators } from '../sandbox/github/emulator-harness.js';

const FILE = '.github/release-bot.yml';

describe('RepoFileReader', () => {
  const start = useEmulators();

  it('reads the file once, then answers from a 304 until it changes; a repository without one has none', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    github.commit('widget', 'chore: settings', { files: { [FILE]: 'tagPrefix: release-\n' } });
    github.createRepo('plain');
    github.commit('plain', 'feat: first');
    const reader = new RepoFileReader(octokit, 'acme');

    expect(await reader.read('widget')).toEqual({ kind: 'valid', settings: { tagPrefix: 'release-' } });
    expect(await reader.read('Widget')).toEqual({ kind: 'valid', settings: { tagPrefix: 'release-' } });
    github.commit('widget', 'chore: grant myself', { files: { [FILE]: 'approvers: [U0MALLORY]\n' } });
    expect(await reader.read('widget')).toMatchObject({ kind: 'invalid', problems: [expect.stringMatching(/^approvers: not allowed/)] });
    expect(await reader.read('plain')).toEqual({ kind: 'absent' });
    expect(github.stats.requests.map((r) => r.status)).toEqual([200, 304, 200, 404]);
  });

  it('answers a read that may use what it knows without asking GitHub, and asks when it knows nothing yet', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    github.commit('widget', 'chore: settings', { files: { [FILE]: 'branches: { develop: { prerelease: beta } }\n' } });
    github.createRepo('plain');
    github.commit('plain', 'feat: first');
    const reader = new RepoFileReader(octokit, 'acme');

    expect(await reader.read('widget', { known: true })).toMatchObject({ kind: 'valid' });
    expect(await reader.read('plain', { known: true })).toEqual({ kind: 'absent' });
    expect(github.stats.requests).toHaveLength(2);
    for (let i = 0; i < 5; i++) {
      expect(await reader.read('widget', { known: true })).toMatchObject({ kind: 'valid' });
      expect(await reader.read('plain', { known: true })).toEqual({ kind: 'absent' });
    }
    expect(github.stats.requests).toHaveLength(2);
    // a proposal reads afresh: the changed file is seen, and what the next known read takes
    github.commit('widget', 'chore: no more branches', { files: { [FILE]: 'tagPrefix: v\n' } });
    expect(await reader.read('widget')).toEqual({ kind: 'valid', settings: { tagPrefix: 'v' } });
    expect(await reader.read('widget', { known: true })).toEqual({ kind: 'valid', settings: { tagPrefix: 'v' } });
    expect(github.stats.requests.map((r) => r.status)).toEqual([200, 404, 200]);
  });

  it('asks once for many reads at the same time that may use what it knows', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    github.commit('widget', 'chore: settings', { files: { [FILE]: 'tagPrefix: release-\n' } });
    const reader = new RepoFileReader(octokit, 'acme');
    const files = await Promise.all(Array.from({ length: 10 }, () => reader.read('widget', { known: true })));
    expect(files.every((f) => f.kind === 'valid')).toBe(true);
    expect(github.stats.requests).toHaveLength(1);
  });

  it('names a directory where the file should be', async () => {
    const { github, octokit } = await start();
    github.createRepo('odd');
    github.commit('odd', 'chore: odd', { files: { [`${FILE}/x`]: 'a' } });
    expect(await new RepoFileReader(octokit, 'acme').read('odd')).toEqual({ kind: 'invalid', problems: ['is a directory, not a file'] });
  });
});

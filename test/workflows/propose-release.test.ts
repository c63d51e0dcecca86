import { describe, expect, it } from 'vitest';
import { proposeRelease } from '../../src/workflows/propose-release.js';
import { makeDeps, owed, RELEASE_CHANNEL, type TestDeps } from './fakes/make-deps.js';

/**
 * widget: v1.0.0 on its first commit, a stale v1.1.0-rc.1 on the second, a third commit on top,
 * and v2.0.0 on a commit that is not on main (a release from a branch since deleted).
 */
function widget(t: TestDeps) {
  const [first, second, third] = t.github.addRepo('widget', { commits: ['feat: first', 'fix: handle empty input', 'feat: export as CSV'] });
  t.github.tag('widget', 'v1.0.0', first!);
  t.github.tag('widget', 'v1.1.0-rc.1', second!);
  const side = t.github.sideCommit('widget', 'release-2.x');
  t.github.tag('widget', 'v2.0.0', side);
  return { first: first!, second: second!, third: third!, side };
}

describe('proposeRelease', () => {
  it('proposes the next version from the last release that is an ancestor, with the commits since it', async () => {
    const t = makeDeps();
    const { second, third } = widget(t);

    const outcome = await proposeRelease(t, { repo: 'widget', trigger: 'push', requestedBy: null });

    expect(outcome.kind).toBe('proposed');
    if (outcome.kind !== 'proposed') return;
    expect(outcome.release).toMatchObject({
      id: 1,
      repo: 'widget',
      status: 'proposed',
      sha: third,
      currentTag: 'v1.0.0',
      currentVersion: '1.0.0',
      bump: 'minor',
      suggestedBump: 'minor',
      nextVersion: '1.1.0',
      tag: 'v1.1.0',
      highestStable: '2.0.0',
      channel: RELEASE_CHANNEL,
      trigger: 'push',
      defaultBranch: 'main',
    });
    expect(outcome.release.commits.map((c) => [c.sha, c.title])).toEqual([
      [second, 'fix: handle empty input'],
      [third, 'feat: export as CSV'],
    ]);
    expect(t.sync.releases.get(1)).toEqual(outcome.release);
  });

  it('ignores a stale rc and a tag off the branch, and names both on the proposal, highest first', async () => {
    const t = makeDeps();
    widget(t);

    const outcome = await proposeRelease(t, { repo: 'widget', trigger: 'push', requestedBy: null });

    expect(outcome.kind === 'proposed' && outcome.release.ignoredTags).toEqual([
      { tag: 'v2.0.0', because: 'not-ancestor' },
      { tag: 'v1.1.0-rc.1', because: 'prerelease' },
    ]);
  });

  it('asks GitHub about the ancestry of only the tags that can change the answer, and writes nothing', async () => {
    const t = makeDeps();
    const { first, side } = widget(t);

    await proposeRelease(t, { repo: 'widget', trigger: 'push', requestedBy: null });

    // v2.0.0 (the highest stable: diverged), then v1.0.0 (ahead, and its compare lists the commits); the rc is never asked about
    expect(t.github.callsOf('compare').map((c) => c.args?.base)).toEqual([side, first]);
    expect(t.github.callsOf('commitsSince')).toEqual([]);
    expect(t.github.writes).toEqual([]);
  });

  it('owes the proposal message, keyed to the release, in its lane, and audits the proposal', async () => {
    const t = makeDeps();
    widget(t);

    await proposeRelease(t, { repo: 'widget', trigger: 'push', requestedBy: null });

    expect(owed(t.sync)).toEqual([
      {
        key: 'release:1:proposal',
        lane: 'release:1',
        kind: 'post',
        channel: RELEASE_CHANNEL,
        refTs: null,
        refKey: null,
        told: { method: 'releaseParent', release: 1, status: 'proposed', tag: 'v1.1.0' },
      },
    ]);
    expect(t.sync.audit.entries({ subjectType: 'release', subjectId: '1' })).toMatchObject([{ actor: 'github', action: 'propose', toStatus: 'proposed' }]);
  });

  it('counts the first release from the whole history when there is no version tag', async () => {
    const t = makeDeps();
    t.github.addRepo('fresh', { commits: ['chore: scaffold', 'fix: typo'] });

    const outcome = await proposeRelease(t, { repo: 'fresh', trigger: 'command', requestedBy: 'UAPPROVER' });

    expect(outcome.kind === 'proposed' && outcome.release).toMatchObject({ currentTag: null, nextVersion: '1.0.0', tag: 'v1.0.0', requestedBy: 'UAPPROVER' });
    expect(t.github.callsOf('commitsSince')).toHaveLength(1);
  });

  it('continues a prerelease line that is an ancestor when asked for the same identifier', async () => {
    const t = makeDeps();
    widget(t);

    const outcome = await proposeRelease(t, { repo: 'widget', pre: 'rc', trigger: 'command', requestedBy: 'UAPPROVER' });

    expect(outcome.kind === 'proposed' && outcome.release).toMatchObject({
      pre: 'rc',
      lastPrerelease: '1.1.0-rc.1',
      nextVersion: '1.1.0-rc.2',
      tag: 'v1.1.0-rc.2',
    });
  });

  it('a dry run says what it would propose, and records and owes nothing', async () => {
    const t = makeDeps();
    widget(t);

    const outcome = await proposeRelease(t, { repo: 'widget', dryRun: true, trigger: 'command', requestedBy: 'UAPPROVER' });

    expect(outcome.kind === 'dry-run' && outcome.preview).toMatchObject({ id: 0, status: 'proposed', tag: 'v1.1.0' });
    expect(t.sync.releases.history('widget')).toEqual([]);
    expect(t.sync.releases.unposted()).toEqual([]);
    expect(t.sync.outbox.pending()).toEqual([]);
    expect(t.sync.audit.entries()).toEqual([]);
  });

  it('reuses the proposal when the same push is handled again, owing its message once', async () => {
    const t = makeDeps();
    widget(t);

    const first = await proposeRelease(t, { repo: 'widget', trigger: 'push', requestedBy: null });
    const again = await proposeRelease(t, { repo: 'widget', trigger: 'push', requestedBy: null });

    expect(again.kind === 'proposed' && again.release.id).toBe(first.kind === 'proposed' && first.release.id);
    expect(owed(t.sync).map((r) => r.key)).toEqual(['release:1:proposal']);
  });

  it('supersedes the older open proposal and owes an update of its message in the same unit of work', async () => {
    const t = makeDeps();
    widget(t);
    await proposeRelease(t, { repo: 'widget', trigger: 'push', requestedBy: null });
    t.github.commit('widget', 'fix: round totals');

    const newer = await proposeRelease(t, { repo: 'widget', trigger: 'push', requestedBy: null });

    expect(newer.kind === 'proposed' && newer.release).toMatchObject({ id: 2, tag: 'v1.1.0' });
    expect(t.sync.releases.get(1)!.status).toBe('cancelled');
    expect(owed(t.sync).map((r) => [r.kind, r.lane, r.refKey, r.told.method, r.told.release, r.told.status])).toEqual([
      ['post', 'release:1', null, 'releaseParent', 1, 'proposed'],
      ['post', 'release:2', null, 'releaseParent', 2, 'proposed'],
      ['update', 'release:1', 'release:1:proposal', 'releaseParent', 1, 'cancelled'],
    ]);
  });

  it('owes nothing and supersedes nothing when the narrator fails inside the unit of work', async () => {
    const t = makeDeps();
    widget(t);
    await proposeRelease(t, { repo: 'widget', trigger: 'push', requestedBy: null });
    t.github.commit('widget', 'fix: round totals');
    t.narrator.failOn('releaseParent');

    await expect(proposeRelease(t, { repo: 'widget', trigger: 'push', requestedBy: null })).rejects.toThrow(/releaseParent failed/);

    expect(t.sync.releases.get(1)!.status).toBe('proposed');
    expect(t.sync.releases.get(2)).toBeUndefined();
    expect(owed(t.sync).map((r) => r.key)).toEqual(['release:1:proposal']);
  });

  it('takes the bump, the draft flag and the channel a command asks for', async () => {
    const t = makeDeps();
    widget(t);

    const outcome = await proposeRelease(t, { repo: 'widget', bump: 'patch', draft: true, channel: 'CTEAM', trigger: 'command', requestedBy: 'UAPPROVER' });

    expect(outcome.kind === 'proposed' && outcome.release).toMatchObject({
      bump: 'patch',
      suggestedBump: 'minor',
      nextVersion: '1.0.1',
      draft: true,
      channel: 'CTEAM',
    });
    expect(owed(t.sync)[0]!.channel).toBe('CTEAM');
  });

  it('refuses an excluded repository without asking GitHub', async () => {
    const t = makeDeps();

    expect(await proposeRelease(t, { repo: 'infra-terraform', trigger: 'push', requestedBy: null })).toEqual({ kind: 'excluded' });
    expect(t.github.calls).toEqual([]);
  });

  it('refuses an archived repository and one the organisation does not have', async () => {
    const t = makeDeps();
    t.github.addRepo('old-thing', { commits: ['feat: x'], archived: true });

    expect(await proposeRelease(t, { repo: 'old-thing', trigger: 'command', requestedBy: 'UAPPROVER' })).toEqual({ kind: 'archived' });
    expect(await proposeRelease(t, { repo: 'no-such-repo', trigger: 'command', requestedBy: 'UAPPROVER' })).toEqual({ kind: 'unknown-repo' });
    expect(t.sync.outbox.pending()).toEqual([]);
  });

  it('has nothing to release when the head is the last release', async () => {
    const t = makeDeps();
    const [only] = t.github.addRepo('done', { commits: ['feat: all of it'] });
    t.github.tag('done', 'v3.1.0', only!);

    expect(await proposeRelease(t, { repo: 'done', trigger: 'push', requestedBy: null })).toEqual({
      kind: 'nothing-to-release',
      detail: 'no commits since v3.1.0',
    });
    expect(t.github.callsOf('compare')).toEqual([]);
  });

  it('is tag-exists when the next tag is already on a commit that is not in the history, and never moves it', async () => {
    const t = makeDeps();
    const { side } = widget(t);
    t.github.tag('widget', 'v1.1.0', side);

    const outcome = await proposeRelease(t, { repo: 'widget', trigger: 'push', requestedBy: null });

    expect(outcome.kind).toBe('nothing-to-release');
    expect(outcome.kind === 'nothing-to-release' && outcome.detail).toBe(
      `v1.1.0 already exists on ${side.slice(0, 7)}, which is not in the history of ${t.github.head('widget').slice(0, 7)}; the bot never moves a tag: delete it on GitHub or pick another bump`,
    );
    expect(t.sync.outbox.pending()).toEqual([]);
    expect(t.github.writes).toEqual([]);
  });

  describe("with the repository's .github/release-bot.yml", () => {
    it('takes its tag prefix and release rules over the organisation, and says so on the proposal', async () => {
      const t = makeDeps();
      const [first] = t.github.addRepo('widget', { commits: ['feat: first', 'refactor: split the parser'] });
      t.github.tag('widget', 'release-1.0.0', first!);
      t.github.tag('widget', 'v9.0.0', first!);
      t.github.setRepoFile('widget', 'tagPrefix: release-\nreleaseRules:\n  - { type: refactor, release: minor }\n');

      const outcome = await proposeRelease(t, { repo: 'widget', trigger: 'push', requestedBy: null });

      expect(outcome.kind === 'proposed' && outcome.release).toMatchObject({
        currentTag: 'release-1.0.0',
        tag: 'release-1.1.0',
        tagPrefix: 'release-',
        bump: 'minor',
        reason: { kind: 'rule', rule: { type: 'refactor', release: 'minor' } },
        repoFile: { kind: 'applied', keys: ['tagPrefix', 'releaseRules'] },
      });
      expect(t.github.callsOf('readRepoFile')).toEqual([{ method: 'readRepoFile', repo: 'widget' }]);
    });

    it('ignores an invalid file as a whole, names why, and applies the organisation settings', async () => {
      const t = makeDeps({ yaml: 'approvers: [UAPPROVER, UOTHER]\npolicies:\n  - { repos: [widget], requiredApprovals: 2 }\n' });
      widget(t);
      t.github.setRepoFile('widget', 'tagPrefix: release-\napprovers: [UMALLORY]\npolicies: [{ repos: [widget], requiredApprovals: 1 }]\n');

      const outcome = await proposeRelease(t, { repo: 'widget', trigger: 'push', requestedBy: null });

      if (outcome.kind !== 'proposed') throw new Error(outcome.kind);
      expect(outcome.release).toMatchObject({ tag: 'v1.1.0', tagPrefix: 'v', policy: { requiredApprovals: 2 } });
      expect(outcome.release.repoFile).toEqual({
        kind: 'ignored',
        problems: [
          "approvers: not allowed in a repository's file (only the organisation's release-bot.yml sets it)",
          "policies: not allowed in a repository's file (only the organisation's release-bot.yml sets it)",
        ],
      });
      expect(t.sync.releases.get(outcome.release.id)?.repoFile).toEqual(outcome.release.repoFile);
    });

    it('names YAML that does not parse', async () => {
      const t = makeDeps();
      widget(t);
      t.github.setRepoFile('widget', 'tagPrefix: [release-\n');

      const outcome = await proposeRelease(t, { repo: 'widget', trigger: 'command', requestedBy: 'UAPPROVER', dryRun: true });

      expect(outcome.kind === 'dry-run' && outcome.preview).toMatchObject({
        tag: 'v1.1.0',
        repoFile: { kind: 'ignored', problems: [expect.stringMatching(/^not valid YAML/)] },
      });
    });
  });
});

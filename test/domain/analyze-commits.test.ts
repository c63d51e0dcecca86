import { describe, expect, it } from 'vitest';
import { analyzeCommits, type AnalyzedCommit, type CommitInput } from '../../src/domain/analyze-commits.js';

function one(message: string): AnalyzedCommit {
  return analyzeCommits([{ sha: 'a1b2c3d4e5f6', message }], { defaultBump: 'none' }).commits[0]!;
}

function commit(sha: string, message: string): CommitInput {
  return { sha, message };
}

describe('analyzeCommits: one commit', () => {
  it('reads type, scope and subject of a conventional title', () => {
    expect(one('feat(api): add pagination\n\nLonger explanation.')).toEqual({
      sha: 'a1b2c3d4e5f6',
      title: 'feat(api): add pagination',
      type: 'feat',
      scope: 'api',
      subject: 'add pagination',
      breaking: false,
      breakingNote: null,
      bump: 'minor',
    });
  });

  it.each([
    ['feat: a', 'feat', 'minor'],
    ['fix: a', 'fix', 'patch'],
    ['perf: a', 'perf', 'patch'],
    ['revert: feat: a', 'revert', 'patch'],
    ['chore: a', 'chore', null],
    ['docs(readme): a', 'docs', null],
    ['refactor: a', 'refactor', null],
    ['ci: a', 'ci', null],
  ])('gives %j the type %s and the bump %s', (message, type, bump) => {
    expect(one(message)).toMatchObject({ type, bump, breaking: false });
  });

  it('counts uppercase types as their lowercase', () => {
    expect(one('FEAT: shout')).toMatchObject({ type: 'feat', subject: 'shout', bump: 'minor' });
    expect(one('Fix: y')).toMatchObject({ type: 'fix', subject: 'y', bump: 'patch' });
    expect(one('Feat(API)!: z')).toMatchObject({ type: 'feat', scope: 'API', breaking: true, bump: 'major' });
  });

  it('makes feat! a major with no note of its own', () => {
    expect(one('feat!: drop Node 18')).toEqual({
      sha: 'a1b2c3d4e5f6',
      title: 'feat!: drop Node 18',
      type: 'feat',
      scope: null,
      subject: 'drop Node 18',
      breaking: true,
      breakingNote: null,
      bump: 'major',
    });
  });

  it('makes a scoped fix! a major', () => {
    expect(one('fix(api)!: rename the id field')).toMatchObject({
      type: 'fix',
      scope: 'api',
      subject: 'rename the id field',
      breaking: true,
      bump: 'major',
    });
  });

  it('makes any type with ! a major, even chore', () => {
    expect(one('chore(deps)!: require Node 22')).toMatchObject({ type: 'chore', breaking: true, bump: 'major' });
  });

  it('makes a BREAKING CHANGE footer a major and keeps its text as the note', () => {
    expect(one('feat(config): read YAML\n\nBody text.\n\nBREAKING CHANGE: the JSON config is no longer read')).toMatchObject({
      type: 'feat',
      breaking: true,
      breakingNote: 'the JSON config is no longer read',
      bump: 'major',
    });
  });

  it('accepts BREAKING-CHANGE and a multi-line footer, joined into one line', () => {
    expect(one('fix: x\n\nBREAKING-CHANGE: the flag --old\nis gone for good\n\nRefs: #12')).toMatchObject({
      breaking: true,
      breakingNote: 'the flag --old is gone for good',
      bump: 'major',
    });
  });

  it('does not take lowercase or colon-less mentions of breaking changes for a footer', () => {
    expect(one('fix: x\n\nBreaking change: none, this is internal')).toMatchObject({ breaking: false, bump: 'patch' });
    expect(one('fix: x\n\nBREAKING CHANGES were avoided here')).toMatchObject({ breaking: false, bump: 'patch' });
  });

  it('still sees a footer after a Markdown rule in the body', () => {
    expect(one('feat: x\n\nSummary\n\n---\n\nBREAKING CHANGE: y')).toMatchObject({ breaking: true, breakingNote: 'y' });
  });

  it('leaves a non-conventional message without type or bump, its title as subject', () => {
    expect(one('Update README.md')).toEqual({
      sha: 'a1b2c3d4e5f6',
      title: 'Update README.md',
      type: null,
      scope: null,
      subject: 'Update README.md',
      breaking: false,
      breakingNote: null,
      bump: null,
    });
    expect(one('feat:no space')).toMatchObject({ type: null, bump: null });
    expect(one('Fix the login bug')).toMatchObject({ type: null, bump: null });
    expect(one('2FA: enable for admins')).toMatchObject({ type: null, bump: null });
  });

  it('counts git\'s Revert "…" as a revert', () => {
    expect(one('Revert "feat: add x"\n\nThis reverts commit 0123456789abcdef.')).toMatchObject({
      type: 'revert',
      subject: 'Revert "feat: add x"',
      bump: 'patch',
    });
  });

  it('handles an empty message and Windows line endings', () => {
    expect(one('')).toMatchObject({ title: '', type: null, subject: '', bump: null });
    expect(one('fix: a\r\n\r\nBREAKING CHANGE: b\r\n')).toMatchObject({ title: 'fix: a', breakingNote: 'b', bump: 'major' });
  });

  it('keeps the author when given, and adds none when not', () => {
    const [withAuthor, without] = analyzeCommits([{ sha: '1', message: 'fix: a', author: 'octocat' }, commit('2', 'fix: b')], { defaultBump: 'none' }).commits;
    expect(withAuthor!.author).toBe('octocat');
    expect(without).not.toHaveProperty('author');
  });
});

describe('analyzeCommits: merge commits', () => {
  it('takes the pull request title from the body of a GitHub merge commit', () => {
    expect(one('Merge pull request #12 from acme/feat-x\n\nfeat(ui): add the dark theme')).toMatchObject({
      title: 'feat(ui): add the dark theme',
      type: 'feat',
      scope: 'ui',
      subject: 'add the dark theme',
      bump: 'minor',
    });
  });

  it('takes a non-conventional pull request title as the title, with no bump', () => {
    expect(one('Merge pull request #13 from acme/tidy\n\nTidy the build')).toMatchObject({
      title: 'Tidy the build',
      type: null,
      bump: null,
    });
  });

  it('keeps the merge line as the title when the body is empty', () => {
    expect(one('Merge pull request #14 from acme/x')).toMatchObject({
      title: 'Merge pull request #14 from acme/x',
      type: null,
      bump: null,
    });
  });

  it('sees a breaking pull request title in a merge commit', () => {
    expect(one('Merge pull request #15 from acme/v2\n\nfeat!: v2 API')).toMatchObject({ breaking: true, bump: 'major' });
  });

  it("gives a Merge branch 'main' commit no bump", () => {
    expect(one("Merge branch 'main' into feature/x")).toMatchObject({
      title: "Merge branch 'main' into feature/x",
      type: null,
      bump: null,
    });
    expect(one("Merge branch 'main' of github.com:acme/widget\n\n# Conflicts:\n#\tsrc/a.ts")).toMatchObject({
      title: "Merge branch 'main' of github.com:acme/widget",
      type: null,
      bump: null,
    });
    expect(one("Merge remote-tracking branch 'origin/main'")).toMatchObject({ type: null, bump: null });
  });

  it('reads a Merge branch commit whose body starts with a conventional line, as GitLab writes them', () => {
    expect(one("Merge branch 'fix-login' into 'main'\n\nfix: login loops\n\nSee merge request acme/widget!7")).toMatchObject({
      title: 'fix: login loops',
      type: 'fix',
      bump: 'patch',
    });
  });
});

describe('analyzeCommits: squash merges', () => {
  const squash = ['Release candidate work (#42)', '', '* feat: add export', '', '* fix: handle empty rows', '', '* chore: bump deps'].join('\n');

  // A `* feat: …` line of a squash body is the pull request's description (GitHub lists the
  // branch's commits there), not a commit of the range: commit-analyzer reads only the header and
  // the notes, and release-please splits only paragraphs that start with a type. Counting the
  // lines made five octokit patches minors in the real-history replay, e.g. core.js v5.0.1's
  // "Add PR templates (#595)", whose body lists "* feat: add pull_request_template.md PR template".
  it('does not count the listed lines of a squash body', () => {
    expect(one(squash)).toMatchObject({ title: 'Release candidate work (#42)', type: null, bump: null, breaking: false });
    expect(one('fix: tidy (#9)\n\n* fix: a\n\n* feat(api): b')).toMatchObject({ type: 'fix', bump: 'patch' });
    expect(one('Add PR templates (#595)\n\n* octoherd: delete pull_request_template.md\r\n\r\n* feat: add pull_request_template.md PR template')).toMatchObject(
      {
        type: null,
        bump: null,
      },
    );
  });

  it('does not take a breaking listed line for a breaking change: only the title and footers say so', () => {
    expect(one('Big update (#60)\n\n* fix: a\n\n* feat(api)!: remove v1 endpoints')).toMatchObject({
      type: null,
      breaking: false,
      breakingNote: null,
      bump: null,
    });
  });

  it('finds a BREAKING CHANGE footer buried in a squash body, without the lines after it', () => {
    const message = [
      'feat: new storage layer (#51)',
      '',
      '* feat: add the sqlite store',
      '',
      'BREAKING CHANGE: the JSON store is gone',
      '',
      '* fix: close handles',
      '',
      '* feat: migrate on start',
    ].join('\n');
    expect(one(message)).toMatchObject({
      type: 'feat',
      subject: 'new storage layer (#51)',
      breaking: true,
      breakingNote: 'the JSON store is gone',
      bump: 'major',
    });
  });

  it('finds a BREAKING CHANGE footer written as a list item', () => {
    expect(one('refactor: x (#3)\n\n* refactor: y\n\n* BREAKING CHANGE: config keys renamed')).toMatchObject({
      breaking: true,
      breakingNote: 'config keys renamed',
      bump: 'major',
    });
  });

  it('ignores prose and checklists in the body', () => {
    expect(one('docs: guide\n\nfeat: this line is not listed\n\n- [x] tests added\n* Some notes: here')).toMatchObject({
      bump: null,
      breaking: false,
    });
  });
});

describe('analyzeCommits: the range', () => {
  it('picks the strongest bump and names the oldest commit that called for it', () => {
    const analysis = analyzeCommits([commit('c1', 'fix: one'), commit('c2', 'feat: two'), commit('c3', 'feat: three'), commit('c4', 'fix: four')], {
      defaultBump: 'patch',
    });
    expect(analysis.bump).toBe('minor');
    expect(analysis.reason).toEqual({ kind: 'commit', sha: 'c2', title: 'feat: two', because: 'feat' });
    expect(analysis.commits.map((c) => c.sha)).toEqual(['c1', 'c2', 'c3', 'c4']);
  });

  it('says breaking when a breaking change wins', () => {
    const analysis = analyzeCommits([commit('c1', 'feat: a'), commit('c2', 'fix(api)!: b'), commit('c3', 'feat!: c')], { defaultBump: 'none' });
    expect(analysis.bump).toBe('major');
    expect(analysis.reason).toEqual({ kind: 'commit', sha: 'c2', title: 'fix(api)!: b', because: 'breaking' });
  });

  it('says fix for a patch, perf included', () => {
    const analysis = analyzeCommits([commit('c1', 'chore: a'), commit('c2', 'perf: faster')], { defaultBump: 'none' });
    expect(analysis).toMatchObject({ bump: 'patch', reason: { kind: 'commit', sha: 'c2', because: 'fix' } });
  });

  it('names a merge commit by its pull request title', () => {
    const analysis = analyzeCommits([commit('m1', 'Merge pull request #1 from x/y\n\nfeat: z')], { defaultBump: 'none' });
    expect(analysis.reason).toEqual({ kind: 'commit', sha: 'm1', title: 'feat: z', because: 'feat' });
  });

  it('falls back to a patch when nothing calls for a release and the default is patch', () => {
    const analysis = analyzeCommits([commit('c1', 'chore: a'), commit('c2', 'Update README')], { defaultBump: 'patch' });
    expect(analysis.bump).toBe('patch');
    expect(analysis.reason).toEqual({ kind: 'default', bump: 'patch' });
  });

  it('proposes nothing when nothing calls for a release and the default is none', () => {
    const analysis = analyzeCommits([commit('c1', 'chore: a'), commit('c2', "Merge branch 'main'")], { defaultBump: 'none' });
    expect(analysis.bump).toBeNull();
    expect(analysis.reason).toEqual({ kind: 'none' });
  });

  it('proposes nothing without commits, whatever the default', () => {
    expect(analyzeCommits([], { defaultBump: 'patch' })).toEqual({ commits: [], bump: null, reason: { kind: 'none' } });
    expect(analyzeCommits([], { defaultBump: 'none' })).toEqual({ commits: [], bump: null, reason: { kind: 'none' } });
  });
});

describe('analyzeCommits: reverts', () => {
  const FEAT = 'f0e1d2c3b4a5968778695a4b3c2d1e0f00112233';
  const REVERT = 'a1a2a3a4a5a6a7a8a9a0b1b2b3b4b5b6b7b8b9b0';

  it('cancels a commit and git\'s Revert "…" of it when both are in the range', () => {
    const analysis = analyzeCommits(
      [commit(FEAT, 'feat: add x'), commit('c2', 'chore: tidy'), commit(REVERT, `Revert "feat: add x"\n\nThis reverts commit ${FEAT}.`)],
      { defaultBump: 'none' },
    );
    expect(analysis.bump).toBeNull();
    expect(analysis.reason).toEqual({ kind: 'none' });
    expect(analysis.commits[0]).toMatchObject({ sha: FEAT, bump: 'minor', revertedBy: REVERT });
    expect(analysis.commits[2]).toMatchObject({ sha: REVERT, type: 'revert', reverts: FEAT });
    expect(analysis.commits[1]).not.toHaveProperty('revertedBy');
  });

  it('cancels a pair written as revert: with the reverted sha abbreviated', () => {
    const analysis = analyzeCommits(
      [commit('c0', 'fix: one'), commit(FEAT, 'feat: add x'), commit(REVERT, `revert: feat: add x\n\nThis reverts commit ${FEAT.slice(0, 10)}.`)],
      { defaultBump: 'none' },
    );
    expect(analysis).toMatchObject({ bump: 'patch', reason: { kind: 'commit', sha: 'c0', because: 'fix' } });
    expect(analysis.commits.map((c) => c.revertedBy ?? c.reverts ?? null)).toEqual([null, REVERT, FEAT]);
  });

  it('keeps a revert whose commit is outside the range, as a patch', () => {
    const analysis = analyzeCommits([commit(REVERT, `Revert "feat: add x"\n\nThis reverts commit ${FEAT}.`)], { defaultBump: 'none' });
    expect(analysis.bump).toBe('patch');
    expect(analysis.reason).toEqual({ kind: 'commit', sha: REVERT, title: 'Revert "feat: add x"', because: 'fix' });
    expect(analysis.commits[0]).not.toHaveProperty('reverts');
  });

  it("keeps GitHub's revert pull request, which names a pull request rather than a commit", () => {
    const analysis = analyzeCommits([commit(FEAT, 'feat: add x (#12)'), commit(REVERT, 'Revert "feat: add x (#12)" (#13)\n\nReverts acme/widget#12')], {
      defaultBump: 'none',
    });
    expect(analysis.bump).toBe('minor');
  });

  it('lets a revert of a revert bring the original back', () => {
    const again = 'b0b1b2b3b4b5b6b7b8b9c0c1c2c3c4c5c6c7c8c9';
    const analysis = analyzeCommits(
      [
        commit(FEAT, 'feat: add x'),
        commit(REVERT, `Revert "feat: add x"\n\nThis reverts commit ${FEAT}.`),
        commit(again, `Revert "Revert "feat: add x""\n\nThis reverts commit ${REVERT}.`),
      ],
      { defaultBump: 'none' },
    );
    expect(analysis).toMatchObject({ bump: 'minor', reason: { kind: 'commit', sha: FEAT } });
    expect(analysis.commits[1]).toMatchObject({ revertedBy: again });
    expect(analysis.commits[0]).not.toHaveProperty('revertedBy');
  });

  it('does not take a squash body quoting "This reverts commit" for a revert', () => {
    const squashed = `fix(deps): revert breaking dependency changes (#577)\n\n* Revert "feat: add x"\n\nThis reverts commit ${FEAT}.`;
    const analysis = analyzeCommits([commit(FEAT, 'feat: add x'), commit(REVERT, squashed)], { defaultBump: 'none' });
    expect(analysis.bump).toBe('minor');
    expect(analysis.commits[0]).not.toHaveProperty('revertedBy');
  });
});

describe('analyzeCommits: release rules', () => {
  it('lets a rule release a type the defaults ignore, and names the rule', () => {
    const rule = { type: 'refactor', release: 'patch' } as const;
    const analysis = analyzeCommits([commit('c1', 'docs: a'), commit('c2', 'Refactor(core): b')], { defaultBump: 'none', releaseRules: [rule] });
    expect(analysis.bump).toBe('patch');
    expect(analysis.reason).toEqual({ kind: 'rule', sha: 'c2', title: 'Refactor(core): b', rule });
    expect(analysis.commits[1]).toMatchObject({ bump: 'patch', rule });
  });

  it('keeps a feat a release of nothing when a matching rule says release: false', () => {
    const rules = [{ type: 'feat', scope: 'experimental', release: false }] as const;
    const analysis = analyzeCommits([commit('c1', 'feat(experimental): a'), commit('c2', 'fix: b')], { defaultBump: 'none', releaseRules: rules });
    expect(analysis).toMatchObject({ bump: 'patch', reason: { kind: 'commit', sha: 'c2', because: 'fix' } });
    expect(analysis.commits[0]).toMatchObject({ bump: null, rule: rules[0] });
  });

  it('leaves commits no rule matches to the defaults', () => {
    const analysis = analyzeCommits([commit('c1', 'feat: a')], { defaultBump: 'none', releaseRules: [{ type: 'refactor', release: 'patch' }] });
    expect(analysis.reason).toEqual({ kind: 'commit', sha: 'c1', title: 'feat: a', because: 'feat' });
    expect(analysis.commits[0]).not.toHaveProperty('rule');
  });

  it('lets a matching rule stand in for the defaults, even for a breaking change', () => {
    const analysis = analyzeCommits([commit('c1', 'feat!: a')], { defaultBump: 'none', releaseRules: [{ breaking: true, release: 'minor' }] });
    expect(analysis).toMatchObject({ bump: 'minor', reason: { kind: 'rule', rule: { breaking: true, release: 'minor' } } });
  });

  it('takes the highest release over the whole range, rules and defaults alike', () => {
    const analysis = analyzeCommits([commit('c1', 'refactor: a'), commit('c2', 'feat: b'), commit('c3', 'chore(deps): c')], {
      defaultBump: 'none',
      releaseRules: [
        { type: 'refactor', release: 'patch' },
        { type: 'chore', scope: 'deps', release: 'patch' },
      ],
    });
    expect(analysis).toMatchObject({ bump: 'minor', reason: { kind: 'commit', sha: 'c2' } });
  });

  it("checks a repository's rules before the organisation's", () => {
    const releaseRules = [
      [{ type: 'refactor', release: false }],
      [
        { type: 'refactor', release: 'patch' },
        { type: 'build', release: 'patch' },
      ],
    ] as const;
    const analysis = analyzeCommits([commit('c1', 'refactor: a'), commit('c2', 'build: b')], { defaultBump: 'none', releaseRules });
    expect(analysis.commits.map((c) => c.bump)).toEqual([null, 'patch']);
    expect(analysis.reason).toMatchObject({ kind: 'rule', sha: 'c2', rule: { type: 'build' } });
  });

  it('leaves reverted commits out even when a rule would release them', () => {
    const sha = 'c0ffee0000000000000000000000000000000000';
    const analysis = analyzeCommits([commit(sha, 'refactor: a'), commit('r1', `Revert "refactor: a"\n\nThis reverts commit ${sha}.`)], {
      defaultBump: 'none',
      releaseRules: [{ type: 'refactor', release: 'major' }],
    });
    expect(analysis.bump).toBeNull();
  });
});

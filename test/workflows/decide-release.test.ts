import { describe, expect, it } from 'vitest';
import { approveRelease, changeBump, retryRelease, skipRelease } from '../../src/workflows/decide-release.js';
import { proposeRelease } from '../../src/workflows/propose-release.js';
import type { Release } from '../../src/domain/release.js';
import { APPROVER, GROUP_MEMBER, makeDeps, owed, sendAll, STRANGER, type TestDeps } from './fakes/make-deps.js';
import { fakeRunner } from './fakes/fake-runner.js';

/** widget: v1.0.0, a stale v1.1.0-rc.1, fixes since: a proposal (v1.0.1, or v1.1.0-rc.2 with `pre: 'rc'`) whose message was sent. */
async function proposal(t: TestDeps, o: { pre?: string } = {}): Promise<Release> {
  if (!(await t.github.getRepo('widget'))) {
    const [first, second] = t.github.addRepo('widget', { commits: ['feat: first', 'fix: second'] });
    t.github.tag('widget', 'v1.0.0', first!);
    t.github.tag('widget', 'v1.1.0-rc.1', second!);
    t.github.commit('widget', 'fix: third');
  }
  const outcome = await proposeRelease(t, { repo: 'widget', pre: o.pre, trigger: 'command', requestedBy: APPROVER });
  if (outcome.kind !== 'proposed') throw new Error(`expected a proposal, got ${outcome.kind}`);
  sendAll(t.sync);
  return t.sync.releases.get(outcome.release.id)!;
}

describe('approveRelease', () => {
  it('lets a listed approver approve: approved, the parent update owed, the runner started', async () => {
    const t = makeDeps();
    const runner = fakeRunner();
    const r = await proposal(t);

    const outcome = await approveRelease(t, runner, { releaseId: r.id, userId: APPROVER });

    expect(outcome).toMatchObject({ kind: 'done', release: { id: r.id, status: 'approved', approvedBy: APPROVER } });
    expect(runner.runs).toEqual([r.id]);
    expect(owed(t.sync)).toMatchObject([
      {
        kind: 'update',
        lane: `release:${r.id}`,
        refTs: r.messageTs,
        refKey: `release:${r.id}:proposal`,
        told: { method: 'releaseParent', release: r.id, status: 'approved' },
      },
    ]);
  });

  it('lets a member of an approver user group approve', async () => {
    const t = makeDeps();
    const r = await proposal(t);

    expect(await approveRelease(t, fakeRunner(), { releaseId: r.id, userId: GROUP_MEMBER })).toMatchObject({ kind: 'done' });
    expect(t.directory.lookups).toEqual(['SAPPROVERS']);
  });

  it('approves and owes the parent update in one unit of work: if owing fails, the release stays proposed', async () => {
    const t = makeDeps();
    const runner = fakeRunner();
    const r = await proposal(t);
    t.narrator.failOn('releaseParent');

    await expect(approveRelease(t, runner, { releaseId: r.id, userId: APPROVER })).rejects.toThrow();

    expect(t.sync.releases.get(r.id)!.status).toBe('proposed');
    expect(t.sync.outbox.pending()).toEqual([]);
    expect(runner.runs).toEqual([]);
  });

  it('answers a second approval with not-proposed, naming who approved, and starts nothing more', async () => {
    const t = makeDeps();
    const runner = fakeRunner();
    const r = await proposal(t);
    await approveRelease(t, runner, { releaseId: r.id, userId: APPROVER });

    const again = await approveRelease(t, runner, { releaseId: r.id, userId: GROUP_MEMBER });

    expect(again).toMatchObject({ kind: 'not-proposed', release: { status: 'approved', approvedBy: APPROVER } });
    expect(runner.runs).toEqual([r.id]);
  });

  it('is busy while another release of the repository is in flight', async () => {
    const t = makeDeps();
    const runner = fakeRunner();
    const older = await proposal(t);
    await approveRelease(t, runner, { releaseId: older.id, userId: APPROVER });
    t.github.commit('widget', 'fix: fourth');
    const newer = await proposal(t);

    const outcome = await approveRelease(t, runner, { releaseId: newer.id, userId: APPROVER });

    expect(outcome).toMatchObject({ kind: 'busy', inFlight: { id: older.id, status: 'approved' } });
    expect(t.sync.releases.get(newer.id)!.status).toBe('proposed');
    expect(runner.runs).toEqual([older.id]);
  });

  it('is unknown for a release that does not exist', async () => {
    const t = makeDeps();
    expect(await approveRelease(t, fakeRunner(), { releaseId: 99, userId: APPROVER })).toEqual({ kind: 'unknown' });
  });
});

describe('only approvers decide', () => {
  const attempts = [
    ['approve', (t: TestDeps, id: number) => approveRelease(t, fakeRunner(), { releaseId: id, userId: STRANGER })],
    ['skip', (t: TestDeps, id: number) => skipRelease(t, { releaseId: id, userId: STRANGER })],
    ['change bump to major', (t: TestDeps, id: number) => changeBump(t, { releaseId: id, userId: STRANGER, bump: 'major' })],
    ['retry', (t: TestDeps, id: number) => retryRelease(t, fakeRunner(), { releaseId: id, userId: STRANGER })],
  ] as const;

  it.each(attempts)('refuses "%s" from someone who is not an approver, audits it, and changes nothing', async (action, attempt) => {
    const t = makeDeps();
    const r = await proposal(t);

    expect(await attempt(t, r.id)).toEqual({ kind: 'not-allowed', why: 'not-an-approver' });

    expect(t.sync.releases.get(r.id)).toEqual(r);
    expect(t.sync.outbox.pending()).toEqual([]);
    expect(t.sync.audit.entries({ subjectType: 'release', subjectId: String(r.id) }).at(-1)).toMatchObject({
      actor: STRANGER,
      action: 'refused',
      fromStatus: null,
      toStatus: null,
      reason: `${action}: not an approver`,
    });
  });
});

describe('skipRelease', () => {
  it('skips a proposal, owing the parent update and a reply saying who skipped it', async () => {
    const t = makeDeps();
    const r = await proposal(t);

    const outcome = await skipRelease(t, { releaseId: r.id, userId: APPROVER });

    expect(outcome).toMatchObject({ kind: 'done', release: { status: 'skipped', approvedBy: APPROVER } });
    expect(owed(t.sync).map((m) => [m.kind, m.told])).toEqual([
      ['update', { method: 'releaseParent', release: r.id, status: 'skipped', tag: 'v1.0.1' }],
      ['post', { method: 'releaseReply', release: r.id, status: 'skipped', tag: 'v1.0.1', event: { kind: 'skipped', by: APPROVER } }],
    ]);
  });

  it('is not-proposed once the release was approved', async () => {
    const t = makeDeps();
    const r = await proposal(t);
    await approveRelease(t, fakeRunner(), { releaseId: r.id, userId: APPROVER });

    expect(await skipRelease(t, { releaseId: r.id, userId: APPROVER })).toMatchObject({ kind: 'not-proposed', release: { status: 'approved' } });
  });
});

describe('changeBump', () => {
  it('recomputes the version from the stored base and owes the new proposal and a reply', async () => {
    const t = makeDeps();
    const r = await proposal(t);
    expect(r).toMatchObject({ bump: 'patch', nextVersion: '1.0.1' });

    const outcome = await changeBump(t, { releaseId: r.id, userId: APPROVER, bump: 'minor' });

    expect(outcome).toMatchObject({ kind: 'done', release: { bump: 'minor', nextVersion: '1.1.0', tag: 'v1.1.0', currentTag: 'v1.0.0' } });
    expect(owed(t.sync).map((m) => m.told)).toEqual([
      { method: 'releaseParent', release: r.id, status: 'proposed', tag: 'v1.1.0' },
      { method: 'releaseReply', release: r.id, status: 'proposed', tag: 'v1.1.0', event: { kind: 'bump-changed', by: APPROVER, approvalsReset: 0 } },
    ]);
    expect(t.sync.audit.entries({ subjectId: String(r.id) }).at(-1)).toMatchObject({ action: 'change-bump', reason: 'patch → minor (v1.1.0)' });
  });

  it('keeps a prerelease line going from the stored last prerelease, and starts a new line when the bump calls for more', async () => {
    const t = makeDeps();
    const r = await proposal(t, { pre: 'rc' });
    expect(r).toMatchObject({ lastPrerelease: '1.1.0-rc.1', nextVersion: '1.1.0-rc.2' });

    expect(await changeBump(t, { releaseId: r.id, userId: APPROVER, bump: 'major' })).toMatchObject({
      release: { nextVersion: '2.0.0-rc.1', tag: 'v2.0.0-rc.1' },
    });
    expect(await changeBump(t, { releaseId: r.id, userId: APPROVER, bump: 'patch' })).toMatchObject({
      release: { nextVersion: '1.1.0-rc.2', tag: 'v1.1.0-rc.2' },
    });
  });

  it('refuses a bump whose tag is already on another commit, at the click, and changes nothing', async () => {
    const t = makeDeps();
    const r = await proposal(t);
    const elsewhere = t.github.sideCommit('widget');
    t.github.tag('widget', 'v2.0.0', elsewhere);
    const owedBefore = t.sync.outbox.pending().length;

    expect(await changeBump(t, { releaseId: r.id, userId: APPROVER, bump: 'major' })).toMatchObject({ kind: 'tag-taken', tag: 'v2.0.0', commitSha: elsewhere });
    expect(await t.store.releases.get(r.id)).toMatchObject({ status: 'proposed', tag: r.tag, bump: r.bump });
    expect(t.sync.outbox.pending()).toHaveLength(owedBefore);
    expect(t.github.writes).toEqual([]);
  });

  it('is not-proposed once the release was approved, and changes nothing', async () => {
    const t = makeDeps();
    const r = await proposal(t);
    await approveRelease(t, fakeRunner(), { releaseId: r.id, userId: APPROVER });

    expect(await changeBump(t, { releaseId: r.id, userId: APPROVER, bump: 'major' })).toMatchObject({ kind: 'not-proposed' });
    expect(t.sync.releases.get(r.id)).toMatchObject({ bump: 'patch', tag: 'v1.0.1' });
  });
});

describe('retryRelease', () => {
  async function failed(t: TestDeps): Promise<Release> {
    const r = await proposal(t);
    await approveRelease(t, fakeRunner(), { releaseId: r.id, userId: APPROVER });
    t.sync.releases.advance(r.id, 'approved', 'failed', 'bot', 'GitHub said no', { error: 'GitHub said no' });
    t.sync.releases.setReported(r.id, 'failed');
    sendAll(t.sync);
    return t.sync.releases.get(r.id)!;
  }

  it('takes a failed release back to approved, owes the update and a reply, and starts the runner', async () => {
    const t = makeDeps();
    const runner = fakeRunner();
    const r = await failed(t);

    const outcome = await retryRelease(t, runner, { releaseId: r.id, userId: GROUP_MEMBER });

    expect(outcome).toMatchObject({ kind: 'done', release: { status: 'approved', error: null } });
    expect(runner.runs).toEqual([r.id]);
    // the retry reply stands for the approval: the runner tells the steps from there
    expect(t.sync.releases.get(r.id)!.reportedStatus).toBe('approved');
    expect(owed(t.sync).map((m) => m.told)).toEqual([
      { method: 'releaseParent', release: r.id, status: 'approved', tag: 'v1.0.1' },
      { method: 'releaseReply', release: r.id, status: 'approved', tag: 'v1.0.1', event: { kind: 'retried', by: GROUP_MEMBER } },
    ]);
  });

  it('is not-proposed for a release that has not failed', async () => {
    const t = makeDeps();
    const r = await proposal(t);

    expect(await retryRelease(t, fakeRunner(), { releaseId: r.id, userId: APPROVER })).toMatchObject({ kind: 'not-proposed', release: { status: 'proposed' } });
  });

  it('is busy when another release of the repository went in flight meanwhile', async () => {
    const t = makeDeps();
    const runner = fakeRunner();
    const r = await failed(t);
    t.github.commit('widget', 'fix: fourth');
    const other = await proposal(t);
    await approveRelease(t, runner, { releaseId: other.id, userId: APPROVER });

    expect(await retryRelease(t, runner, { releaseId: r.id, userId: APPROVER })).toMatchObject({ kind: 'busy', inFlight: { id: other.id } });
    expect(t.sync.releases.get(r.id)!.status).toBe('failed');
    expect(runner.runs).toEqual([other.id]);
  });
});

describe('approval policies', () => {
  const ANN = 'U0ANN';
  const BOB = 'U0BOB';
  const CAROL = 'U0CAROL';
  const yaml = (extra = '') => `
approvers: [${APPROVER}]
policies:
  - { repos: [widget], approvers: [${ANN}, ${BOB}, ${CAROL}], requiredApprovals: 2, selfApproval: false${extra} }
people: { ${ANN}: ann-gh }
`;
  async function proposed(t: TestDeps, requestedBy: string | null = BOB, pushedBy: string | null = null): Promise<Release> {
    const [first] = t.github.addRepo('widget', { commits: ['feat: first', 'fix: second'] });
    t.github.tag('widget', 'v1.0.0', first!);
    const outcome = await proposeRelease(t, { repo: 'widget', trigger: requestedBy ? 'command' : 'push', requestedBy, pushedBy });
    if (outcome.kind !== 'proposed') throw new Error(outcome.kind);
    sendAll(t.sync);
    return t.sync.releases.get(outcome.release.id)!;
  }

  it('pins the policy on the proposal', async () => {
    const t = makeDeps({ yaml: yaml() });
    const r = await proposed(t);
    expect(r.policy).toEqual({ approvers: [ANN, BOB, CAROL], requiredApprovals: 2, selfApproval: false, expireAfter: null, requireChecks: false });
  });

  it('starts the release at the second distinct approval; the same person twice counts once', async () => {
    const t = makeDeps({ yaml: yaml() });
    const runner = fakeRunner();
    const r = await proposed(t);

    const first = await approveRelease(t, runner, { releaseId: r.id, userId: ANN });
    expect(first).toMatchObject({ kind: 'done', release: { status: 'proposed', approvals: [{ user: ANN }] } });
    expect(owed(t.sync).map((o) => o.told)).toEqual([
      { method: 'releaseParent', release: r.id, status: 'proposed', tag: 'v1.0.1' },
      { method: 'releaseReply', release: r.id, status: 'proposed', tag: 'v1.0.1', event: { kind: 'approval-counted', by: ANN } },
    ]);
    sendAll(t.sync);

    const again = await approveRelease(t, runner, { releaseId: r.id, userId: ANN });
    expect(again).toMatchObject({ kind: 'already-approved', release: { status: 'proposed', approvals: [{ user: ANN }] } });
    expect(owed(t.sync)).toEqual([]);
    expect(runner.runs).toEqual([]);

    const second = await approveRelease(t, runner, { releaseId: r.id, userId: CAROL });
    expect(second).toMatchObject({ kind: 'done', release: { status: 'approved', approvedBy: CAROL, approvals: [{ user: ANN }, { user: CAROL }] } });
    expect(runner.runs).toEqual([r.id]);
    const audit = t.sync.audit.entries({ subjectType: 'release', subjectId: String(r.id) }).map((e) => `${e.actor}:${e.action}:${e.reason}`);
    expect(audit).toEqual([
      `${BOB}:propose:v1.0.1 for ${r.sha.slice(0, 7)}`,
      `${ANN}:approve:1 of 2 approvals`,
      `${CAROL}:approved:approved in Slack (2 of 2 approvals: ${ANN}, ${CAROL})`,
    ]);
  });

  it('refuses the person who asked for it under selfApproval: false, says why and audits it', async () => {
    const t = makeDeps({ yaml: yaml() });
    const r = await proposed(t, BOB);

    expect(await approveRelease(t, fakeRunner(), { releaseId: r.id, userId: BOB })).toEqual({ kind: 'not-allowed', why: 'self-approval' });
    expect(t.sync.releases.get(r.id)!.approvals).toEqual([]);
    expect(t.sync.audit.entries({ subjectType: 'release', subjectId: String(r.id) }).at(-1)).toMatchObject({
      actor: BOB,
      action: 'refused',
      reason: 'approve: asked for the release, and its policy says selfApproval: false',
    });
    // asking is not deciding: the requester may still skip or change the bump
    expect(await changeBump(t, { releaseId: r.id, userId: BOB, bump: 'major' })).toMatchObject({ kind: 'done' });
  });

  it('refuses the pusher, known by their GitHub login through people', async () => {
    const t = makeDeps({ yaml: yaml() });
    const r = await proposed(t, null, 'Ann-GH');
    expect(r.pushedBy).toBe('Ann-GH');
    expect(await approveRelease(t, fakeRunner(), { releaseId: r.id, userId: ANN })).toEqual({ kind: 'not-allowed', why: 'self-approval' });
    expect(await approveRelease(t, fakeRunner(), { releaseId: r.id, userId: BOB })).toMatchObject({ kind: 'done' });
  });

  it("takes the policy's approvers instead of the global ones", async () => {
    const t = makeDeps({ yaml: yaml() });
    const r = await proposed(t);
    expect(await approveRelease(t, fakeRunner(), { releaseId: r.id, userId: APPROVER })).toEqual({ kind: 'not-allowed', why: 'not-an-approver' });
  });

  it('resets the approvals when the bump changes, and says so in the thread', async () => {
    const t = makeDeps({ yaml: yaml() });
    const runner = fakeRunner();
    const r = await proposed(t);
    await approveRelease(t, runner, { releaseId: r.id, userId: ANN });
    sendAll(t.sync);

    const changed = await changeBump(t, { releaseId: r.id, userId: CAROL, bump: 'major' });
    expect(changed).toMatchObject({ kind: 'done', release: { tag: 'v2.0.0', approvals: [] } });
    expect(owed(t.sync).map((o) => o.told)).toContainEqual({
      method: 'releaseReply',
      release: r.id,
      status: 'proposed',
      tag: 'v2.0.0',
      event: { kind: 'bump-changed', by: CAROL, approvalsReset: 1 },
    });
    // Ann approved v1.1.0, not v2.0.0: her approval of the new version counts again, and one more is needed
    expect(await approveRelease(t, runner, { releaseId: r.id, userId: ANN })).toMatchObject({ kind: 'done', release: { status: 'proposed' } });
    expect(runner.runs).toEqual([]);
    expect(await approveRelease(t, runner, { releaseId: r.id, userId: CAROL })).toMatchObject({ kind: 'done', release: { status: 'approved' } });
  });

  it('answers a late click on an expired proposal with not-proposed', async () => {
    const t = makeDeps({ yaml: yaml(', expireAfter: 30m') });
    const r = await proposed(t);
    t.sync.releases.advance(r.id, 'proposed', 'expired', 'bot', 'test');
    expect(await approveRelease(t, fakeRunner(), { releaseId: r.id, userId: ANN })).toMatchObject({ kind: 'not-proposed', release: { status: 'expired' } });
  });
});

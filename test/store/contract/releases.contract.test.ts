import { expect, it } from 'vitest';
import { newRelease } from '../new-release.js';
import { bothStores } from './backends.js';
import { readAudit } from './read-audit.js';
import { checks, failedRelease, freeze, policy, sha, trail } from './release-fixtures.js';

bothStores('release records: proposals', (fresh) => {
  it('reads back a proposal as it was given, proposed, stamped with the clock, and audits it', async () => {
    const { records } = await fresh();
    const input = newRelease({
      draft: true,
      pre: 'rc',
      policy: policy({ requiredApprovals: 2 }),
      pushedBy: 'octocat',
      frozen: freeze,
      checks: checks('wait'),
      commits: [{ sha: sha('b'), subject: 'feat: x' } as never],
    });
    const { release, superseded } = await records.releases.propose(input, 'github');
    expect(superseded).toEqual([]);
    expect(release).toMatchObject({
      id: 1,
      status: 'proposed',
      repo: 'widget',
      draft: true,
      pre: 'rc',
      policy: policy({ requiredApprovals: 2 }),
      pushedBy: 'octocat',
      frozen: freeze,
      checks: checks('wait'),
      commits: input.commits,
      highestStable: '1.0.0',
      ignoredTags: [],
      line: 'default',
      repoFile: null,
      approvals: [],
      bypasses: [],
      messageTs: null,
      batchId: null,
      releaseId: null,
      createdAt: '2026-06-01T10:00:00.000Z',
      updatedAt: '2026-06-01T10:00:00.000Z',
    });
    expect(await records.releases.get(release.id)).toEqual(release);
    expect(await trail(records, release.id)).toEqual([['propose', null, 'proposed', `v1.1.0 for aaaaaaa`]]);
    expect(await records.releases.get(999)).toBeUndefined();
  });

  it("supersedes the repo's older open proposals, and no other repo's", async () => {
    const { records } = await fresh();
    const first = (await records.releases.propose(newRelease(), 'github')).release;
    const other = (await records.releases.propose(newRelease({ repo: 'gadget' }), 'github')).release;
    const second = await records.releases.propose(newRelease({ sha: sha('b') }), 'U2');
    expect(second.superseded.map((r) => [r.id, r.status])).toEqual([[first.id, 'cancelled']]);
    expect((await records.releases.get(other.id))!.status).toBe('proposed');
    expect(await trail(records, first.id)).toEqual([
      ['propose', null, 'proposed', 'v1.1.0 for aaaaaaa'],
      ['cancelled', 'proposed', 'cancelled', 'superseded by a newer proposal'],
    ]);
    expect((await readAudit(records).entries({ subjectId: String(first.id) })).at(-1)!.actor).toBe('U2');
  });

  it('changes the bump of a proposal only, voiding the approvals so far, and says how many', async () => {
    const { records, clock } = await fresh();
    const { release } = await records.releases.propose(newRelease({ policy: policy({ requiredApprovals: 3 }) }), 'github');
    await records.releases.approve(release.id, 'U1');
    await records.releases.approve(release.id, 'U2');
    clock.at = new Date('2026-06-01T11:00:00Z');
    const changed = await records.releases.changeBump(release.id, 'U3', { bump: 'major', nextVersion: '2.0.0', tag: 'v2.0.0' });
    expect(changed).toMatchObject({ bump: 'major', nextVersion: '2.0.0', tag: 'v2.0.0', approvals: [], updatedAt: '2026-06-01T11:00:00.000Z' });
    expect((await trail(records, release.id)).at(-1)).toEqual(['change-bump', 'proposed', 'proposed', 'minor → major (v2.0.0); 2 approvals reset']);
    // The same people may approve the new version.
    expect(await records.releases.approve(release.id, 'U1')).toMatchObject({ kind: 'counted' });
    await records.releases.changeBump(release.id, 'U3', { bump: 'patch', nextVersion: '1.0.1', tag: 'v1.0.1' });
    expect((await trail(records, release.id)).at(-1)).toEqual(['change-bump', 'proposed', 'proposed', 'major → patch (v1.0.1); 1 approval reset']);
    await records.releases.changeBump(release.id, 'U3', { bump: 'minor', nextVersion: '1.1.0', tag: 'v1.1.0' });
    expect((await trail(records, release.id)).at(-1)).toEqual(['change-bump', 'proposed', 'proposed', 'patch → minor (v1.1.0)']);
    await records.releases.advance(release.id, 'proposed', 'cancelled', 'U3', 'no');
    expect(await records.releases.changeBump(release.id, 'U3', { bump: 'major', nextVersion: '2.0.0', tag: 'v2.0.0' })).toBeUndefined();
    expect(await records.releases.changeBump(999, 'U3', { bump: 'major', nextVersion: '2.0.0', tag: 'v2.0.0' })).toBeUndefined();
  });
});

bothStores('release records: approvals', (fresh) => {
  it('approves with one approval by default, and refuses what is not a proposal', async () => {
    const { records } = await fresh();
    const { release } = await records.releases.propose(newRelease(), 'github');
    expect(await records.releases.approve(999, 'U1')).toEqual({ kind: 'unknown' });
    const approved = await records.releases.approve(release.id, 'U1');
    expect(approved).toMatchObject({ kind: 'approved', release: { status: 'approved', approvedBy: 'U1', approvals: [{ user: 'U1' }] } });
    expect(await records.releases.approve(release.id, 'U2')).toMatchObject({ kind: 'not-proposed', release: { status: 'approved' } });
    expect(await trail(records, release.id)).toEqual([
      ['propose', null, 'proposed', 'v1.1.0 for aaaaaaa'],
      ['approved', 'proposed', 'approved', 'approved in Slack'],
    ]);
  });

  it("counts distinct people up to the policy's number; a second click by one person changes nothing", async () => {
    const { records } = await fresh();
    const { release } = await records.releases.propose(newRelease({ policy: policy({ requiredApprovals: 2 }) }), 'github');
    expect(await records.releases.approve(release.id, 'U1')).toMatchObject({ kind: 'counted', release: { status: 'proposed', approvals: [{ user: 'U1' }] } });
    expect(await records.releases.approve(release.id, 'U1')).toMatchObject({ kind: 'already', release: { approvals: [{ user: 'U1' }] } });
    const done = await records.releases.approve(release.id, 'U2');
    expect(done).toMatchObject({ kind: 'approved', release: { status: 'approved', approvedBy: 'U2' } });
    if (done.kind === 'approved') expect(done.release.approvals.map((a) => a.user)).toEqual(['U1', 'U2']);
    expect((await trail(records, release.id)).slice(1)).toEqual([
      ['approve', 'proposed', 'proposed', '1 of 2 approvals'],
      ['approved', 'proposed', 'approved', 'approved in Slack (2 of 2 approvals: U1, U2)'],
    ]);
  });

  it('refuses the approval that would start a second release of the repo in flight, recording nothing', async () => {
    const { records } = await fresh();
    const failed = await failedRelease(records, 'widget', 'a');
    const { release } = await records.releases.propose(newRelease({ sha: sha('b'), policy: policy({ requiredApprovals: 2 }) }), 'github');
    expect(await records.releases.retry(failed.id, 'U1')).toMatchObject({ kind: 'retried' });
    // Short of the count, an approval is recorded; the one that would complete it is refused.
    expect(await records.releases.approve(release.id, 'U1')).toMatchObject({ kind: 'counted' });
    expect(await records.releases.approve(release.id, 'U2')).toMatchObject({ kind: 'busy', inFlight: { id: failed.id, status: 'approved' } });
    expect((await records.releases.get(release.id))!.approvals.map((a) => a.user)).toEqual(['U1']);
    expect((await trail(records, release.id)).map((t) => t[0])).toEqual(['propose', 'approve']);
  });
});

bothStores('release records: steps', (fresh) => {
  it('moves one step from the status it is in, recording the step result; another from is refused and an illegal move throws', async () => {
    const { records, clock } = await fresh();
    const { release } = await records.releases.propose(newRelease(), 'github');
    await records.releases.approve(release.id, 'U1');
    expect(await records.releases.advance(release.id, 'tagged', 'published', 'bot', 'wrong from')).toBeUndefined();
    expect(await records.releases.advance(999, 'approved', 'tagged', 'bot', 'none')).toBeUndefined();
    await expect(records.releases.advance(release.id, 'approved', 'notified', 'bot', 'skips')).rejects.toThrow(/cannot go from approved to notified/);
    clock.at = new Date('2026-06-01T10:01:00Z');
    const tagged = await records.releases.advance(release.id, 'approved', 'tagged', 'bot', 'tagged', { tagObjectSha: sha('f') });
    expect(tagged).toMatchObject({ status: 'tagged', tagObjectSha: sha('f'), approvedBy: 'U1', updatedAt: '2026-06-01T10:01:00.000Z' });
    const published = await records.releases.advance(release.id, 'tagged', 'published', 'bot', 'published', {
      releaseId: 4_000_000_123,
      releaseUrl: 'https://github.com/acme/widget/releases/v1.1.0',
    });
    // What an earlier step recorded stays.
    expect(published).toMatchObject({
      status: 'published',
      tagObjectSha: sha('f'),
      releaseId: 4_000_000_123,
      releaseUrl: 'https://github.com/acme/widget/releases/v1.1.0',
    });
    const notified = await records.releases.advance(release.id, 'published', 'notified', 'bot', 'told');
    expect(notified!.status).toBe('notified');
    expect((await trail(records, release.id)).slice(2)).toEqual([
      ['tagged', 'approved', 'tagged', 'tagged'],
      ['published', 'tagged', 'published', 'published'],
      ['notified', 'published', 'notified', 'told'],
    ]);
    expect(await records.releases.findByTag('widget', 'v1.1.0')).toMatchObject({ id: release.id });
  });

  it('retries a failed release: its error is cleared; anything else is refused with the reason', async () => {
    const { records } = await fresh();
    expect(await records.releases.retry(999, 'U1')).toEqual({ kind: 'unknown' });
    const failed = await failedRelease(records, 'widget', 'a');
    expect(failed).toMatchObject({ status: 'failed', error: 'HTTP 422' });
    const retried = await records.releases.retry(failed.id, 'U2');
    expect(retried).toMatchObject({ kind: 'retried', release: { status: 'approved', error: null, approvedBy: 'U1' } });
    expect(await records.releases.retry(failed.id, 'U2')).toMatchObject({ kind: 'not-failed', release: { status: 'approved' } });
    expect((await trail(records, failed.id)).at(-1)).toEqual(['approved', 'failed', 'approved', 'retried in Slack']);
  });

  it('refuses to retry while another release of the repo is in flight, changing nothing', async () => {
    const { records } = await fresh();
    const failed = await failedRelease(records, 'widget', 'a');
    const { release } = await records.releases.propose(newRelease({ sha: sha('b') }), 'github');
    await records.releases.approve(release.id, 'U1');
    expect(await records.releases.retry(failed.id, 'U2')).toMatchObject({ kind: 'busy', inFlight: { id: release.id } });
    expect(await records.releases.get(failed.id)).toMatchObject({ status: 'failed', error: 'HTTP 422' });
    // advance into flight past the one-in-flight rule is an error, not a second release in flight.
    await expect(records.releases.advance(failed.id, 'failed', 'approved', 'U2', 'train retry')).rejects.toThrow();
    expect((await records.releases.get(failed.id))!.status).toBe('failed');
  });

  it('records the checks; the audit keeps the first reading and each change of verdict, not a poll that finds the same', async () => {
    const { records } = await fresh();
    const { release } = await records.releases.propose(newRelease(), 'github');
    expect(await records.releases.recordChecks(999, checks('wait'), 'bot', 'x')).toBeUndefined();
    expect(await records.releases.recordChecks(release.id, checks('wait'), 'bot', 'waiting')).toMatchObject({ checks: checks('wait') });
    await records.releases.recordChecks(release.id, { ...checks('wait'), readAt: '2026-06-01T10:05:00Z', toldWaiting: true }, 'bot', 'same');
    expect((await records.releases.get(release.id))!.checks).toMatchObject({ readAt: '2026-06-01T10:05:00Z', toldWaiting: true });
    await records.releases.recordChecks(release.id, checks('block', 1), 'bot', 'red');
    await records.releases.recordChecks(release.id, checks('block', 2), 'bot', 'redder');
    expect((await trail(records, release.id)).slice(1)).toEqual([
      ['checks-wait', 'proposed', 'proposed', 'waiting'],
      ['checks-block', 'proposed', 'proposed', 'red'],
      ['checks-block', 'proposed', 'proposed', 'redder'],
    ]);
  });

  it('marks and lifts a freeze, records bypasses in order with an audit entry, and the last status told', async () => {
    const { records } = await fresh();
    const { release } = await records.releases.propose(newRelease(), 'github');
    expect(await records.releases.setFrozen(release.id, freeze)).toMatchObject({ frozen: freeze });
    expect(await records.releases.setFrozen(release.id, null)).toMatchObject({ frozen: null });
    expect(await records.releases.bypass(999, { by: 'U1', reason: 'x', what: ['freeze'] })).toBeUndefined();
    await records.releases.bypass(release.id, { by: 'U1', reason: 'hotfix', what: ['freeze', 'checks'] });
    const twice = await records.releases.bypass(release.id, { by: 'U2', reason: 'again', what: ['checks'] });
    expect(twice!.bypasses).toEqual([
      { by: 'U1', reason: 'hotfix', what: ['freeze', 'checks'], at: '2026-06-01T10:00:00.000Z' },
      { by: 'U2', reason: 'again', what: ['checks'], at: '2026-06-01T10:00:00.000Z' },
    ]);
    expect((await trail(records, release.id)).slice(1)).toEqual([
      ['break-glass', 'proposed', 'proposed', 'bypassed freeze and checks: hotfix'],
      ['break-glass', 'proposed', 'proposed', 'bypassed checks: again'],
    ]);
    await records.releases.setReported(release.id, 'proposed');
    expect((await records.releases.get(release.id))!.reportedStatus).toBe('proposed');
  });
});

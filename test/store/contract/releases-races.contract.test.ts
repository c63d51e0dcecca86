import { expect, it } from 'vitest';
import type { Records } from '../../../src/workflows/ports/records.js';
import { newRelease } from '../new-release.js';
import { bothStores } from './backends.js';
import { readAudit } from './read-audit.js';
import { failedRelease, policy, sha } from './release-fixtures.js';

type Parts = Parameters<Parameters<Records['transaction']>[0]>[0];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `first` and `second` as two units of work that overlap: `second` starts once `first` has done
 * its work but is still open (it holds its transaction a while), as two replicas would.
 */
async function overlapping<A, B>(records: Records, first: (tx: Parts) => Promise<A>, second: (tx: Parts) => Promise<B>): Promise<[A, B]> {
  let worked!: () => void;
  const firstWorked = new Promise<void>((resolve) => {
    worked = resolve;
  });
  const a = records.transaction(async (tx) => {
    const result = await first(tx);
    worked();
    await pause(150);
    return result;
  });
  await Promise.race([firstWorked, a]);
  const b = records.transaction(second);
  return [await a, await b];
}

// Two replicas deciding at once. SQLite takes them in turn; PostgreSQL must reach the same
// outcomes while they overlap (an outcome, never a constraint error).
bothStores('release records: units of work and races', (fresh) => {
  it('keeps nothing of a unit of work that fails: no release, no approval, no audit entry', async () => {
    const { records } = await fresh();
    await expect(
      records.transaction(async (tx) => {
        const { release } = await tx.releases.propose(newRelease(), 'github');
        expect(await tx.releases.approve(release.id, 'U1')).toMatchObject({ kind: 'approved' });
        await tx.releases.bypass(release.id, { by: 'U1', reason: 'x', what: ['checks'] });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await records.releases.standingRelease('widget', sha('a'))).toBeUndefined();
    expect(await readAudit(records).entries()).toEqual([]);
  });

  it('in a unit of work that fails, a superseded proposal stays open', async () => {
    const { records } = await fresh();
    const first = (await records.releases.propose(newRelease(), 'github')).release;
    await expect(
      records.transaction(async (tx) => {
        await tx.releases.propose(newRelease({ sha: sha('b') }), 'github');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await records.releases.get(first.id))!.status).toBe('proposed');
  });

  it('lets one of two releases of a repo into flight when an approval and a retry race; the other is told busy', async () => {
    const { records } = await fresh();
    const failed = await failedRelease(records, 'widget', 'a');
    const { release } = await records.releases.propose(newRelease({ sha: sha('b') }), 'github');
    const [retried, approved] = await Promise.all([records.releases.retry(failed.id, 'U1'), records.releases.approve(release.id, 'U2')]);
    expect([retried.kind === 'retried', approved.kind === 'approved'].filter(Boolean)).toHaveLength(1);
    expect([retried.kind, approved.kind].filter((k) => k === 'busy')).toHaveLength(1);
    expect(await records.releases.unfinished()).toHaveLength(1);
  });

  it('tells busy to an approval while another unit of work holding the repo is still open, and records nothing', async () => {
    const { records } = await fresh();
    const failed = await failedRelease(records, 'widget', 'a');
    const { release } = await records.releases.propose(newRelease({ sha: sha('b') }), 'github');
    const [first, second] = await overlapping(
      records,
      (tx) => tx.releases.retry(failed.id, 'U1'),
      (tx) => tx.releases.approve(release.id, 'U2'),
    );
    expect(first.kind).toBe('retried');
    expect(second).toMatchObject({ kind: 'busy', inFlight: { id: failed.id } });
    expect((await records.releases.get(release.id))!.approvals).toEqual([]);
  });

  it('counts two clicks of one person at once as one approval', async () => {
    const { records } = await fresh();
    const { release } = await records.releases.propose(newRelease({ policy: policy({ requiredApprovals: 2 }) }), 'github');
    const outcomes = await overlapping(
      records,
      (tx) => tx.releases.approve(release.id, 'U1'),
      (tx) => tx.releases.approve(release.id, 'U1'),
    );
    expect(outcomes.map((o) => o.kind)).toEqual(['counted', 'already']);
    expect((await records.releases.get(release.id))!.approvals.map((a) => a.user)).toEqual(['U1']);
  });

  it('approves once when the last two approvals arrive at once', async () => {
    const { records } = await fresh();
    const { release } = await records.releases.propose(newRelease({ policy: policy({ requiredApprovals: 2 }) }), 'github');
    const outcomes = await overlapping(
      records,
      (tx) => tx.releases.approve(release.id, 'U1'),
      (tx) => tx.releases.approve(release.id, 'U2'),
    );
    expect(outcomes.map((o) => o.kind)).toEqual(['counted', 'approved']);
    expect((await readAudit(records).entries({ subjectId: String(release.id) })).map((e) => e.action)).toEqual(['propose', 'approve', 'approved']);
  });

  it('counts an approval that waited for a change of bump as one of the new version', async () => {
    const { records } = await fresh();
    const { release } = await records.releases.propose(newRelease({ policy: policy({ requiredApprovals: 2 }) }), 'github');
    await records.releases.approve(release.id, 'U1');
    const [changed, approved] = await overlapping(
      records,
      (tx) => tx.releases.changeBump(release.id, 'U2', { bump: 'major', nextVersion: '2.0.0', tag: 'v2.0.0' }),
      (tx) => tx.releases.approve(release.id, 'U1'),
    );
    expect(changed!.approvals).toEqual([]);
    expect(approved).toMatchObject({ kind: 'counted', release: { tag: 'v2.0.0', approvals: [{ user: 'U1' }] } });
  });

  it('leaves one open proposal of a repo when two are proposed at once', async () => {
    const { records } = await fresh();
    const [first, second] = await overlapping(
      records,
      (tx) => tx.releases.propose(newRelease({ sha: sha('a') }), 'github'),
      (tx) => tx.releases.propose(newRelease({ sha: sha('b') }), 'github'),
    );
    expect(second.superseded.map((r) => [r.id, r.status])).toEqual([[first.release.id, 'cancelled']]);
    expect((await records.releases.openProposal('widget', sha('b')))!.id).toBe(second.release.id);
  });
});

import { expect, it } from 'vitest';
import type { Records } from '../../../src/workflows/ports/records.js';
import { newRelease } from '../new-release.js';
import { bothStores } from './backends.js';
import { failedRelease, freeze, policy, sha } from './release-fixtures.js';

const ids = (list: { id: number }[]) => list.map((r) => r.id);

/** A proposal of `repo` taken through `steps` (approve, then advances). */
async function releaseAt(records: Records, repo: string, s: string, status: 'approved' | 'tagged' | 'notified', tag = 'v1.1.0') {
  const { release } = await records.releases.propose(newRelease({ repo, sha: sha(s), tag }), 'github');
  await records.releases.approve(release.id, 'U1');
  if (status === 'approved') return release.id;
  await records.releases.advance(release.id, 'approved', 'tagged', 'bot', 'tagged');
  if (status === 'tagged') return release.id;
  await records.releases.advance(release.id, 'tagged', 'published', 'bot', 'published');
  await records.releases.advance(release.id, 'published', 'notified', 'bot', 'told');
  return release.id;
}

bothStores('release records: reading', (fresh) => {
  it('finds the newest release made with a tag, not a proposal nor a failed one', async () => {
    const { records } = await fresh();
    const older = await releaseAt(records, 'widget', 'a', 'notified');
    const newer = await releaseAt(records, 'widget', 'b', 'notified');
    await failedRelease(records, 'widget', 'c');
    await records.releases.propose(newRelease({ sha: sha('d') }), 'github');
    expect(older).toBeLessThan(newer);
    expect((await records.releases.findByTag('widget', 'v1.1.0'))!.id).toBe(newer);
    expect(await records.releases.findByTag('widget', 'v9.9.9')).toBeUndefined();
    expect(await records.releases.findByTag('gadget', 'v1.1.0')).toBeUndefined();
  });

  it("finds a commit's open proposal, and the release of it that still stands (failed counts, superseded does not)", async () => {
    const { records } = await fresh();
    const first = (await records.releases.propose(newRelease(), 'github')).release;
    expect((await records.releases.openProposal('widget', sha('a')))!.id).toBe(first.id);
    await records.releases.propose(newRelease({ sha: sha('b') }), 'github');
    expect(await records.releases.openProposal('widget', sha('a'))).toBeUndefined();
    expect(await records.releases.standingRelease('widget', sha('a'))).toBeUndefined();
    const failed = await failedRelease(records, 'gadget', 'c');
    expect((await records.releases.standingRelease('gadget', sha('c')))!.id).toBe(failed.id);
    expect(await records.releases.openProposal('gadget', sha('c'))).toBeUndefined();
  });

  it('lists the unfinished releases (in flight) by id, and none at rest', async () => {
    const { records } = await fresh();
    const tagged = await releaseAt(records, 'b-repo', 'a', 'tagged');
    const approved = await releaseAt(records, 'a-repo', 'b', 'approved');
    await releaseAt(records, 'c-repo', 'c', 'notified');
    await failedRelease(records, 'd-repo', 'd');
    await records.releases.propose(newRelease({ repo: 'e-repo' }), 'github');
    expect(ids(await records.releases.unfinished())).toEqual([tagged, approved]);
  });

  it('lists the proposals whose message was never posted, not those of a train nor those posted', async () => {
    const { records } = await fresh();
    const a = (await records.releases.propose(newRelease({ repo: 'a' }), 'github')).release;
    const b = (await records.releases.propose(newRelease({ repo: 'b' }), 'github')).release;
    await records.releases.propose(newRelease({ repo: 'c', trigger: 'batch' }), 'github');
    // The message ts is written by the outbox as it posts; both stores keep setMessage for it.
    await (records.releases as unknown as { setMessage(id: number, ts: string): Promise<void> }).setMessage(a.id, '1717236000.000100');
    expect((await records.releases.get(a.id))!.messageTs).toBe('1717236000.000100');
    expect(ids(await records.releases.unposted())).toEqual([b.id]);
  });

  it("reads a repo's history newest first, made and failed releases only, at most the limit", async () => {
    const { records } = await fresh();
    const one = await releaseAt(records, 'widget', 'a', 'notified');
    const two = (await failedRelease(records, 'widget', 'b')).id;
    const three = await releaseAt(records, 'widget', 'c', 'tagged');
    await records.releases.propose(newRelease({ sha: sha('d') }), 'github');
    await releaseAt(records, 'gadget', 'e', 'notified');
    expect(ids(await records.releases.history('widget'))).toEqual([three, two, one]);
    expect(ids(await records.releases.history('widget', 2))).toEqual([three, two]);
    expect(await records.releases.history('nothing')).toEqual([]);
  });

  it('lists only the open proposals whose policy has expireAfter', async () => {
    const { records } = await fresh();
    await records.releases.propose(newRelease({ repo: 'a', policy: policy() }), 'test');
    const expiring = (await records.releases.propose(newRelease({ repo: 'b', policy: policy({ expireAfter: { text: '24h', ms: 86_400_000 } }) }), 'test'))
      .release;
    await records.releases.propose(newRelease({ repo: 'c' }), 'test');
    const gone = (await records.releases.propose(newRelease({ repo: 'd', policy: policy({ expireAfter: { text: '1h', ms: 3_600_000 } }) }), 'test')).release;
    await records.releases.advance(gone.id, 'proposed', 'expired', 'bot', 'expired');
    expect(ids(await records.releases.openUnderPolicy())).toEqual([expiring.id]);
  });

  it('lists what a freeze may hold or show on: open proposals, approved releases, and any marked frozen', async () => {
    const { records } = await fresh();
    const proposed = (await records.releases.propose(newRelease({ repo: 'a' }), 'github')).release.id;
    const approved = await releaseAt(records, 'b', 'b', 'approved');
    const tagged = await releaseAt(records, 'c', 'c', 'tagged');
    const frozenDone = await releaseAt(records, 'd', 'd', 'notified');
    await records.releases.setFrozen(frozenDone, freeze);
    expect(ids(await records.releases.freezable())).toEqual([proposed, approved, frozenDone]);
    expect(ids(await records.releases.freezable())).not.toContain(tagged);
  });

  it('lists no members for a train that does not exist', async () => {
    const { records } = await fresh();
    await records.releases.propose(newRelease(), 'github');
    expect(await records.releases.inBatch(1)).toEqual([]);
  });
});

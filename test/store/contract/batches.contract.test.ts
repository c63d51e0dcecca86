import { expect, it } from 'vitest';
import type { ApprovalPolicy } from '../../../src/domain/approval-policy.js';
import type { Records } from '../../../src/workflows/ports/records.js';
import type { NewBatch } from '../../../src/workflows/ports/batch-records.js';
import { newRelease } from '../new-release.js';
import { bothStores, warm } from './backends.js';

const TRAIN: NewBatch = { forcedBump: null, leftOut: [{ repo: 'old-thing', reason: 'archived' }], channel: 'C1', trigger: 'command', requestedBy: 'U0' };
const twoApprovals: ApprovalPolicy = { approvers: null, requiredApprovals: 2, selfApproval: true, expireAfter: null };
const member = (repo: string) => newRelease({ repo, trigger: 'batch', tag: `${repo}-v1.1.0` });

/** A train of connector-a and connector-b (rows made in that order, listed by repo). */
const train = (records: Records, over: Partial<NewBatch> = {}) => records.batches.create({ ...TRAIN, ...over }, [member('connector-b'), member('connector-a')]);

bothStores('batch records', (fresh) => {
  it('creates a train: the batch row, a proposed release row per connector, audited', async () => {
    const { records, audit } = await fresh();
    const batch = await train(records, { policy: twoApprovals, deliveryId: 'd-1' });
    expect(batch).toEqual({
      id: batch.id,
      status: 'proposed',
      forcedBump: null,
      leftOut: [{ repo: 'old-thing', reason: 'archived' }],
      channel: 'C1',
      messageTs: null,
      trigger: 'command',
      requestedBy: 'U0',
      policy: twoApprovals,
      approvals: [],
      approvedBy: null,
      cardPage: 0,
      createdAt: '2026-06-01T10:00:00.000Z',
      updatedAt: '2026-06-01T10:00:00.000Z',
    });
    expect(await records.batches.get(batch.id)).toEqual(batch);
    expect(await records.batches.byDelivery('d-1')).toEqual(batch);
    expect(await records.batches.byDelivery('d-2')).toBeUndefined();
    expect(await records.batches.get(batch.id + 1)).toBeUndefined();
    expect((await audit()).map((e) => `${e.actor}:${e.subjectType}:${e.action}:${e.toStatus}:${e.reason}`)).toEqual([
      'U0:release:propose:proposed:connector-b-v1.1.0 for aaaaaaa',
      'U0:release:propose:proposed:connector-a-v1.1.0 for aaaaaaa',
      'U0:batch:propose:proposed:2 connectors, 1 left out',
    ]);
  });

  it("keeps the card's page on the row, for whichever process updates the card next; nothing else changes", async () => {
    const { records, audit } = await fresh();
    const batch = await train(records);
    const entries = (await audit()).length;
    await records.batches.turnPage(batch.id, 2);
    expect(await records.batches.get(batch.id)).toEqual({ ...batch, cardPage: 2 });
    await records.batches.turnPage(batch.id, 0);
    expect((await records.batches.get(batch.id))?.cardPage).toBe(0);
    expect(await audit()).toHaveLength(entries);
  });

  it('counts approvals up to the policy’s number, once per person, then runs the train and approves every connector', async () => {
    const { records, clock, audit } = await fresh();
    const batch = await train(records, { policy: twoApprovals });
    const first = await records.batches.approveAll(batch.id, 'U1');
    expect(first).toMatchObject({ kind: 'counted', batch: { status: 'proposed', approvals: [{ user: 'U1', at: '2026-06-01T10:00:00.000Z' }] } });
    expect(await records.batches.approveAll(batch.id, 'U1')).toMatchObject({ kind: 'already', batch: { approvals: [{ user: 'U1' }] } });
    clock.at = new Date('2026-06-01T10:05:00Z');
    const done = await records.batches.approveAll(batch.id, 'U2');
    if (done.kind !== 'approved') throw new Error(done.kind);
    expect(done.batch).toMatchObject({
      status: 'running',
      approvedBy: 'U2',
      approvals: [{ user: 'U1' }, { user: 'U2' }],
      updatedAt: '2026-06-01T10:05:00.000Z',
    });
    expect(done.busy).toEqual([]);
    expect(done.started.map((r) => [r.repo, r.status, r.batchId, r.approvedBy, r.approvals.map((a) => a.user)])).toEqual([
      ['connector-a', 'approved', batch.id, 'U2', ['U2']],
      ['connector-b', 'approved', batch.id, 'U2', ['U2']],
    ]);
    expect(await records.batches.approveAll(batch.id, 'U3')).toMatchObject({ kind: 'not-proposed', batch: { status: 'running' } });
    expect(await records.batches.approveAll(batch.id + 1, 'U3')).toEqual({ kind: 'unknown' });
    expect(await records.batches.running()).toMatchObject([{ id: batch.id }]);
    expect((await audit({ subjectType: 'batch' })).slice(1).map((e) => `${e.actor}:${e.action}:${e.fromStatus}→${e.toStatus}:${e.reason}`)).toEqual([
      'U1:approve:proposed→proposed:1 of 2 approvals',
      'U2:running:proposed→running:approved in Slack (2 of 2 approvals: U1, U2)',
    ]);
    expect((await audit({ subjectType: 'release' })).slice(2).map((e) => `${e.actor}:${e.action}:${e.reason}`)).toEqual([
      'U2:approved:approved in Slack',
      'U2:approved:approved in Slack',
    ]);
  });

  it('lets two approvals race: one runs the train, the other finds it running', async () => {
    const { records } = await fresh();
    const batch = await train(records);
    await warm(records);
    const both = await Promise.all([records.batches.approveAll(batch.id, 'U1'), records.batches.approveAll(batch.id, 'U2')]);
    expect(both.map((o) => o.kind).sort()).toEqual(['approved', 'not-proposed']);
    expect((await records.batches.get(batch.id))?.approvals).toHaveLength(1);
  });

  it('fails a connector whose repository has another release in flight, saying which', async () => {
    const { records } = await fresh();
    const first = await records.batches.create(TRAIN, [member('connector-a')]);
    await records.batches.approveAll(first.id, 'U1');
    const second = await train(records);
    const outcome = await records.batches.approveAll(second.id, 'U2');
    if (outcome.kind !== 'approved') throw new Error(outcome.kind);
    expect(outcome.started.map((r) => r.repo)).toEqual(['connector-b']);
    expect(outcome.busy).toMatchObject([
      { repo: 'connector-a', status: 'failed', approvedBy: 'U2', error: 'another release of connector-a (connector-a-v1.1.0) was in flight' },
    ]);
  });

  it('voids the approvals so far when the train changes, and counts them again', async () => {
    const { records, audit } = await fresh();
    const batch = await train(records, { policy: twoApprovals });
    expect(await records.batches.resetApprovals(batch.id, 'U9', 'nothing yet')).toBe(0);
    await records.batches.approveAll(batch.id, 'U1');
    expect(await records.batches.resetApprovals(batch.id, 'U9', 'connector-a left out')).toBe(1);
    expect((await records.batches.get(batch.id))?.approvals).toEqual([]);
    expect(await records.batches.approveAll(batch.id, 'U1')).toMatchObject({ kind: 'counted', batch: { approvals: [{ user: 'U1' }] } });
    expect((await audit({ subjectType: 'batch' })).map((e) => `${e.actor}:${e.action}:${e.reason}`)).toEqual([
      'U0:propose:2 connectors, 1 left out',
      'U1:approve:1 of 2 approvals',
      'U9:reset-approvals:connector-a left out; 1 approval reset',
      'U1:approve:1 of 2 approvals',
    ]);
  });

  it('cancels a proposed train and its proposed connectors, and only a proposed one', async () => {
    const { records, audit } = await fresh();
    const batch = await train(records);
    expect(await records.batches.cancel(batch.id, 'U1')).toMatchObject({ id: batch.id, status: 'cancelled' });
    expect(await records.batches.cancel(batch.id, 'U1')).toBeUndefined();
    expect(await records.batches.approveAll(batch.id, 'U1')).toMatchObject({ kind: 'not-proposed' });
    expect((await audit()).slice(3).map((e) => `${e.subjectType}:${e.action}:${e.reason}`)).toEqual([
      'release:cancelled:release train cancelled',
      'release:cancelled:release train cancelled',
      'batch:cancelled:cancelled in Slack',
    ]);
    const running = await train(records);
    await records.batches.approveAll(running.id, 'U1');
    expect(await records.batches.cancel(running.id, 'U1')).toBeUndefined();
  });

  it('finishes a running train only once no connector is in flight', async () => {
    const { records } = await fresh();
    expect(await records.batches.finish(404)).toBeUndefined();
    const proposed = await train(records);
    expect(await records.batches.finish(proposed.id)).toBeUndefined();
    await records.batches.approveAll(proposed.id, 'U1');
    expect(await records.batches.finish(proposed.id)).toBeUndefined();
    // Every connector of this one fails at once (their repositories have releases in flight): it is at rest.
    const blocked = await train(records);
    const outcome = await records.batches.approveAll(blocked.id, 'U2');
    expect(outcome).toMatchObject({ kind: 'approved', started: [], busy: [{ status: 'failed' }, { status: 'failed' }] });
    expect(await records.batches.finish(blocked.id)).toMatchObject({ status: 'done' });
    expect(await records.batches.finish(blocked.id)).toBeUndefined();
    expect((await records.batches.running()).map((b) => b.id)).toEqual([proposed.id]);
  });

  it('retries only a done train; a failed connector whose repository has another release in flight stays failed, and nothing changes', async () => {
    const { records, audit } = await fresh();
    const first = await train(records);
    expect(await records.batches.retryFailed(first.id, 'U1')).toEqual([]);
    await records.batches.approveAll(first.id, 'U1');
    const blocked = await train(records);
    await records.batches.approveAll(blocked.id, 'U2');
    await records.batches.finish(blocked.id);
    const before = (await audit()).length;
    expect(await records.batches.retryFailed(blocked.id, 'U3')).toEqual([]);
    expect(await records.batches.get(blocked.id)).toMatchObject({ status: 'done' });
    expect((await records.releases.inBatch(blocked.id)).map((m) => m.status)).toEqual(['failed', 'failed']);
    expect(await audit()).toHaveLength(before);
  });

  it('retries the failed connectors of a done train, and runs it again', async (ctx) => {
    const { records, audit } = await fresh();
    if (
      !(await records.releases.get(0).then(
        () => true,
        () => false,
      ))
    )
      return ctx.skip('needs the release records on this store');
    const approved = await records.batches.approveAll((await train(records)).id, 'U1');
    if (approved.kind !== 'approved') throw new Error(approved.kind);
    const blocked = await train(records);
    await records.batches.approveAll(blocked.id, 'U2');
    await records.batches.finish(blocked.id);
    for (const r of approved.started) await records.releases.advance(r.id, 'approved', 'failed', 'bot', 'boom', { error: 'boom' });
    const retried = await records.batches.retryFailed(blocked.id, 'U3');
    expect(retried.map((r) => [r.repo, r.status, r.error])).toEqual([
      ['connector-a', 'approved', null],
      ['connector-b', 'approved', null],
    ]);
    expect(await records.batches.get(blocked.id)).toMatchObject({ status: 'running' });
    expect((await audit({ subjectType: 'batch', subjectId: String(blocked.id) })).at(-1)).toMatchObject({
      actor: 'U3',
      action: 'running',
      fromStatus: 'done',
      reason: 'retry of 2 failed connectors',
    });
  });

  it('lists the proposed trains whose card was never posted, but not one whose push is still to be handled again', async () => {
    const { records } = await fresh();
    await records.deliveries.insert({ id: 'd-pending', source: 'github', event: 'push', payload: '{}' });
    await records.deliveries.insert({ id: 'd-done', source: 'github', event: 'push', payload: '{}' });
    await records.deliveries.finish('d-done', 'processed', 'proposed a train');
    const plain = await train(records);
    await train(records, { deliveryId: 'd-pending', trigger: 'push' });
    const handled = await train(records, { deliveryId: 'd-done', trigger: 'push' });
    const running = await train(records);
    await records.batches.approveAll(running.id, 'U1');
    expect((await records.batches.unposted()).map((b) => b.id)).toEqual([plain.id, handled.id]);
  });

  it('writes nothing of a unit of work that fails', async () => {
    const { records, audit } = await fresh();
    await expect(
      records.transaction(async (tx) => {
        await tx.batches.create({ ...TRAIN, deliveryId: 'd-1' }, [member('connector-a')]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await records.batches.byDelivery('d-1')).toBeUndefined();
    expect(await audit()).toEqual([]);
  });
});

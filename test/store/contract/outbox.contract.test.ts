import { expect, it } from 'vitest';
import type { OwedMessage } from '../../../src/workflows/ports/outbox.js';
import { newRelease } from '../new-release.js';
import { bothStores } from './backends.js';

const post = (over: Partial<OwedMessage> = {}): OwedMessage => ({ lane: 'release:1', kind: 'post', channel: 'C1', message: { text: 'proposal' }, ...over });
const update = (text: string, over: Partial<OwedMessage> = {}): OwedMessage => ({
  lane: 'release:1',
  kind: 'update',
  channel: 'C1',
  refKey: 'release:1:proposal',
  message: { text },
  ...over,
});

bothStores('outbox', (fresh) => {
  it('owes a keyed message once, however often it is owed: the first content stays', async () => {
    const { records, outboxQueue } = await fresh();
    expect(await records.outbox.owe(post({ key: 'release:1:proposal', message: { text: 'first' } }))).toBe('release:1:proposal');
    expect(await records.outbox.owe(post({ key: 'release:1:proposal', message: { text: 'second' } }))).toBe('release:1:proposal');
    expect(await outboxQueue.pending()).toMatchObject([{ key: 'release:1:proposal', message: { text: 'first' } }]);
  });

  it('makes a fresh key in the lane for a message owed without one', async () => {
    const { records, outboxQueue } = await fresh();
    const a = await records.outbox.owe(post());
    const b = await records.outbox.owe(post());
    expect(a).toMatch(/^release:1:.+/);
    expect(b).not.toBe(a);
    expect((await outboxQueue.pending()).map((r) => r.key)).toEqual([a, b]);
  });

  it('knows whether a key was ever owed: pending, sent or failed', async () => {
    const { records, outboxQueue } = await fresh();
    expect(await records.outbox.wasOwed('k-1')).toBe(false);
    for (const key of ['k-1', 'k-2', 'k-3']) await records.outbox.owe(post({ key, lane: key }));
    const [one, two] = await outboxQueue.pending();
    await outboxQueue.markSent(one!.id, one!.revision, '1.1');
    await outboxQueue.markFailed(two!.id, 'invalid_blocks');
    for (const key of ['k-1', 'k-2', 'k-3']) expect(await records.outbox.wasOwed(key)).toBe(true);
    expect(await records.outbox.wasOwed('k-4')).toBe(false);
  });

  it('lists pending rows in the order they were owed, every field as owed, and neither sent nor failed ones', async () => {
    const { records, outboxQueue, clock } = await fresh();
    await records.outbox.owe(post({ key: 'a', lane: 'release:2' }));
    await records.outbox.owe(post({ key: 'b', lane: 'release:1', refTs: '9.9', message: { text: 'reply', blocks: [{ type: 'divider' }] } }));
    await records.outbox.owe(post({ key: 'c', lane: 'release:2' }));
    await records.outbox.owe(post({ key: 'd', lane: 'release:1' }));
    const rows = await outboxQueue.pending();
    expect(rows.map((r) => r.key)).toEqual(['a', 'b', 'c', 'd']);
    expect(rows[1]).toEqual({
      id: rows[1]!.id,
      key: 'b',
      lane: 'release:1',
      kind: 'post',
      channel: 'C1',
      refTs: '9.9',
      refKey: null,
      message: { text: 'reply', blocks: [{ type: 'divider' }] },
      revision: 0,
      attempts: 0,
      inDoubt: false,
      notBefore: clock.at.toISOString(),
      createdAt: clock.at.toISOString(),
    });
    await outboxQueue.markSent(rows[0]!.id, 0, '1.1');
    await outboxQueue.markFailed(rows[1]!.id, 'channel_not_found');
    expect((await outboxQueue.pending()).map((r) => r.key)).toEqual(['c', 'd']);
  });

  it('folds a pending update of the same message into one, with the newest content', async () => {
    const { records, outboxQueue } = await fresh();
    const first = await records.outbox.owe(update('v1'));
    expect(await records.outbox.owe(update('v2'))).toBe(first);
    expect(await records.outbox.owe(update('v3', { key: 'an-own-key' }))).toBe(first);
    expect(await outboxQueue.pending()).toMatchObject([{ key: first, message: { text: 'v3' }, revision: 2 }]);
  });

  it('folds updates only of the same message, in the same lane and channel; never posts', async () => {
    const { records, outboxQueue } = await fresh();
    await records.outbox.owe(update('by key'));
    await records.outbox.owe(update('by ts', { refKey: null, refTs: '1.1' }));
    await records.outbox.owe(update('by ts and key', { refTs: '1.1' }));
    await records.outbox.owe(update('other lane', { lane: 'release:2' }));
    await records.outbox.owe(update('other channel', { channel: 'C2' }));
    await records.outbox.owe(post({ message: { text: 'post 1' } }));
    await records.outbox.owe(post({ message: { text: 'post 2' } }));
    await records.outbox.owe(update('by ts, newer', { refKey: null, refTs: '1.1' }));
    expect((await outboxQueue.pending()).map((r) => [r.message.text, r.revision])).toEqual([
      ['by key', 0],
      ['by ts, newer', 1],
      ['by ts and key', 0],
      ['other lane', 0],
      ['other channel', 0],
      ['post 1', 0],
      ['post 2', 0],
    ]);
  });

  it('owes a new update once the pending one was sent', async () => {
    const { records, outboxQueue } = await fresh();
    const first = await records.outbox.owe(update('v1'));
    const [row] = await outboxQueue.pending();
    await outboxQueue.markSent(row!.id, row!.revision, '1.1');
    const second = await records.outbox.owe(update('v2'));
    expect(second).not.toBe(first);
    expect(await outboxQueue.pending()).toMatchObject([{ key: second, message: { text: 'v2' }, revision: 0 }]);
  });

  it('keeps an update pending when its content changed while it was being sent, and sends the newer one', async () => {
    const { records, outboxQueue, clock } = await fresh();
    await records.outbox.owe(update('v1'));
    const [sending] = await outboxQueue.pending();
    await outboxQueue.beginAttempt(sending!.id);
    await records.outbox.owe(update('v2'));
    clock.at = new Date(clock.at.getTime() + 5000);
    await outboxQueue.markSent(sending!.id, sending!.revision, '1.1');
    const [again] = await outboxQueue.pending();
    expect(again).toMatchObject({ id: sending!.id, message: { text: 'v2' }, revision: 1, inDoubt: false, attempts: 1, notBefore: clock.at.toISOString() });
    expect(await outboxQueue.refOf(again!.key)).toEqual({ pending: true });
    await outboxQueue.markSent(again!.id, again!.revision, '1.1');
    expect(await outboxQueue.pending()).toEqual([]);
    expect(await outboxQueue.refOf(again!.key)).toEqual({ ts: '1.1' });
  });

  it('tells the ts of a sent message, or that it is pending (or unknown), or failed for good', async () => {
    const { records, outboxQueue } = await fresh();
    await records.outbox.owe(post({ key: 'sent' }));
    await records.outbox.owe(post({ key: 'failed', lane: 'b' }));
    await records.outbox.owe(post({ key: 'waiting', lane: 'c' }));
    const [sent, failed] = await outboxQueue.pending();
    await outboxQueue.markSent(sent!.id, sent!.revision, '123.456');
    await outboxQueue.markFailed(failed!.id, 'invalid_blocks');
    expect(await outboxQueue.refOf('sent')).toEqual({ ts: '123.456' });
    expect(await outboxQueue.refOf('failed')).toEqual({ failed: true });
    expect(await outboxQueue.refOf('waiting')).toEqual({ pending: true });
    expect(await outboxQueue.refOf('never-owed')).toEqual({ pending: true });
  });

  it('counts attempts, marks a begun send in doubt, and puts a retry off with its doubt as told', async () => {
    const { records, outboxQueue } = await fresh();
    await records.outbox.owe(post({ key: 'k' }));
    const [row] = await outboxQueue.pending();
    await outboxQueue.beginAttempt(row!.id);
    expect(await outboxQueue.pending()).toMatchObject([{ attempts: 1, inDoubt: true }]);
    await outboxQueue.retryLater(row!.id, new Date('2026-06-01T10:05:00Z'), 'http_503', true);
    expect(await outboxQueue.pending()).toMatchObject([{ attempts: 1, inDoubt: true, notBefore: '2026-06-01T10:05:00.000Z' }]);
    await outboxQueue.beginAttempt(row!.id);
    await outboxQueue.retryLater(row!.id, new Date('2026-06-01T10:10:00Z'), 'ratelimited', false);
    expect(await outboxQueue.pending()).toMatchObject([{ attempts: 2, inDoubt: false, notBefore: '2026-06-01T10:10:00.000Z' }]);
    await outboxQueue.beginAttempt(row!.id);
    await outboxQueue.markFailed(row!.id, 'invalid_blocks');
    expect(await outboxQueue.pending()).toEqual([]);
    expect(await outboxQueue.backlog()).toEqual({ pending: 0, oldestAgeSeconds: null, failed: 1 });
  });

  it('reports the backlog: pending rows, the age of the oldest, and failed ones', async () => {
    const { records, outboxQueue, clock } = await fresh();
    expect(await outboxQueue.backlog()).toEqual({ pending: 0, oldestAgeSeconds: null, failed: 0 });
    await records.outbox.owe(post({ lane: 'a' }));
    clock.at = new Date(clock.at.getTime() + 30_000);
    await records.outbox.owe(post({ lane: 'b' }));
    await records.outbox.owe(post({ lane: 'c' }));
    const rows = await outboxQueue.pending();
    await outboxQueue.markFailed(rows[1]!.id, 'invalid_blocks');
    clock.at = new Date(clock.at.getTime() + 15_000);
    expect(await outboxQueue.backlog()).toEqual({ pending: 2, oldestAgeSeconds: 45, failed: 1 });
  });

  it('writes a message and the move that owes it together, or neither (a folded update keeps its content)', async () => {
    const { records, outboxQueue } = await fresh();
    await records.outbox.owe(update('kept'));
    await expect(
      records.transaction(async (tx) => {
        await tx.outbox.owe(post({ key: 'lost', message: { text: 'lost with the move' } }));
        expect(await tx.outbox.wasOwed('lost')).toBe(true);
        await tx.outbox.owe(update('lost too'));
        throw new Error('the move failed');
      }),
    ).rejects.toThrow('the move failed');
    expect(await records.outbox.wasOwed('lost')).toBe(false);
    expect(await outboxQueue.pending()).toMatchObject([{ message: { text: 'kept' }, revision: 0 }]);
  });

  it('keeps what a unit of work owed once it commits', async () => {
    const { records, outboxQueue } = await fresh();
    const key = await records.transaction(async (tx) => tx.outbox.owe(post({ key: 'digest:2026-W22', lane: 'digest:2026-W22' })));
    expect(key).toBe('digest:2026-W22');
    expect(await records.outbox.wasOwed(key)).toBe(true);
    expect((await outboxQueue.pending()).map((r) => r.key)).toEqual([key]);
  });

  it('records the ts of a sent message in the row it names, once (the first ts stays)', async (ctx) => {
    const { records, outboxQueue } = await fresh();
    const proposed = await records.releases.propose(newRelease(), 'github').catch((error: unknown) => {
      // PostgreSQL release records are another helper's part: this case runs once they are merged.
      if (String(error).includes('not on PostgreSQL yet')) ctx.skip('release records are not on PostgreSQL yet');
      throw error;
    });
    const id = proposed.release.id;
    await records.outbox.owe(post({ key: `release:${id}:proposal`, records: { table: 'releases', id } }));
    await records.outbox.owe(post({ key: `release:${id}:again`, records: { table: 'releases', id } }));
    const [first, second] = await outboxQueue.pending();
    await outboxQueue.markSent(first!.id, first!.revision, '111.000');
    expect((await records.releases.get(id))?.messageTs).toBe('111.000');
    await outboxQueue.markSent(second!.id, second!.revision, '222.000');
    expect((await records.releases.get(id))?.messageTs).toBe('111.000');
    expect(await outboxQueue.refOf(`release:${id}:again`)).toEqual({ ts: '222.000' });
  });
});

import { expect, it } from 'vitest';
import { bothStores, warm } from './backends.js';

bothStores('freeze records', (fresh) => {
  it('freezes a scope once: a second freeze of it answers with the first', async () => {
    const { records } = await fresh();
    const first = await records.freezes.freeze('widget', 'incident 42', 'U1');
    expect(first).toEqual({
      kind: 'frozen',
      freeze: { id: expect.any(Number), scope: 'widget', reason: 'incident 42', by: 'U1', at: '2026-06-01T10:00:00.000Z' },
    });
    const again = await records.freezes.freeze('widget', 'another reason', 'U2');
    expect(again).toEqual({ kind: 'already', freeze: first.freeze });
    expect(await records.freezes.active()).toEqual([first.freeze]);
  });

  it('lets two freezes of one scope race: one freezes, the other finds it frozen', async () => {
    const { records } = await fresh();
    await warm(records);
    const both = await Promise.all([records.freezes.freeze('all', 'a', 'U1'), records.freezes.freeze('all', 'b', 'U2')]);
    expect(both.map((o) => o.kind).sort()).toEqual(['already', 'frozen']);
    expect(await records.freezes.active()).toHaveLength(1);
  });

  it('lists the freezes in force oldest first, lifts one scope or all of them, and audits each change', async () => {
    const { records, clock, audit } = await fresh();
    const scopes = ['widget', 'all', 'gadget'];
    for (const scope of scopes) {
      await records.freezes.freeze(scope, `why ${scope}`, 'U1');
      clock.at = new Date(clock.at.getTime() + 60_000);
    }
    expect((await records.freezes.active()).map((f) => f.scope)).toEqual(scopes);
    expect(await records.freezes.unfreeze('nothing', 'U2')).toEqual([]);
    expect((await records.freezes.unfreeze('widget', 'U2')).map((f) => f.scope)).toEqual(['widget']);
    expect((await records.freezes.active()).map((f) => f.scope)).toEqual(['all', 'gadget']);
    expect((await records.freezes.unfreeze('all', 'U3')).map((f) => f.scope)).toEqual(['all', 'gadget']);
    expect(await records.freezes.active()).toEqual([]);
    expect((await audit({ subjectType: 'freeze' })).map((e) => `${e.actor}:${e.action}:${e.fromStatus}→${e.toStatus}:${e.reason}`)).toEqual([
      'U1:freeze:null→frozen:widget: why widget',
      'U1:freeze:null→frozen:all: why all',
      'U1:freeze:null→frozen:gadget: why gadget',
      'U2:unfreeze:frozen→null:widget: why widget',
      'U3:unfreeze:frozen→null:all: why all',
      'U3:unfreeze:frozen→null:gadget: why gadget',
    ]);
  });

  it('freezes a scope again once its freeze was lifted', async () => {
    const { records } = await fresh();
    const first = await records.freezes.freeze('widget', 'one', 'U1');
    await records.freezes.unfreeze('widget', 'U1');
    const second = await records.freezes.freeze('widget', 'two', 'U1');
    expect(second).toMatchObject({ kind: 'frozen', freeze: { scope: 'widget', reason: 'two' } });
    expect(second.freeze.id).not.toBe(first.freeze.id);
  });

  it('writes nothing of a unit of work that fails', async () => {
    const { records, audit } = await fresh();
    await expect(
      records.transaction(async (tx) => {
        await tx.freezes.freeze('widget', 'x', 'U1');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await records.freezes.active()).toEqual([]);
    expect(await audit()).toEqual([]);
  });
});

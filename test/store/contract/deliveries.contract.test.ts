import { expect, it } from 'vitest';
import { bothStores } from './backends.js';

bothStores('delivery records', (fresh) => {
  it('stores a delivery once: a redelivery of the same id keeps the first payload', async () => {
    const { records } = await fresh();
    expect(await records.deliveries.insert({ id: 'd-1', source: 'github', event: 'push', payload: '{"a":1}' })).toBe(true);
    expect(await records.deliveries.insert({ id: 'd-1', source: 'github', event: 'push', payload: '{"a":2}' })).toBe(false);
    expect(await records.deliveries.get('d-1')).toMatchObject({ id: 'd-1', payload: '{"a":1}', status: 'pending', outcome: null });
  });

  it('lists the pending deliveries in the order they arrived, and not the finished ones', async () => {
    const { records, clock } = await fresh();
    for (const id of ['d-b', 'd-a', 'd-c']) {
      await records.deliveries.insert({ id, source: 'github', event: 'push', payload: '{}' });
      clock.at = new Date(clock.at.getTime() + 1000);
    }
    await records.deliveries.finish('d-a', 'processed', 'proposed v1.0.1 (release 1)');
    expect((await records.deliveries.pending()).map((d) => d.id)).toEqual(['d-b', 'd-c']);
    expect(await records.deliveries.get('d-a')).toMatchObject({ status: 'processed', outcome: 'proposed v1.0.1 (release 1)' });
  });

  it('writes nothing of a unit of work that fails', async () => {
    const { records } = await fresh();
    await expect(
      records.transaction(async (tx) => {
        await tx.deliveries.insert({ id: 'd-tx', source: 'github', event: 'push', payload: '{}' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await records.deliveries.get('d-tx')).toBeUndefined();
  });
});

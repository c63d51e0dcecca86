import { describe, expect, it } from 'vitest';
import { asyncRecords } from '../../src/store/async-records.js';
import { openStore } from '../../src/store/store.js';

const delivery = (id: string) => ({ id, source: 'github' as const, event: 'push', payload: `{"id":"${id}"}` });

describe('asyncRecords: the webhook intake', () => {
  it('stores the deliveries of one turn together, each answered for itself (a redelivery in the same batch is not new)', async () => {
    const store = openStore(':memory:');
    const records = asyncRecords(store);
    const answers = await Promise.all([
      records.deliveries.insert(delivery('a')),
      records.deliveries.insert(delivery('b')),
      records.deliveries.insert(delivery('a')),
    ]);
    expect(answers).toEqual([true, true, false]);
    await Promise.all([records.deliveries.finish('a', 'processed', 'proposed'), records.deliveries.finish('b', 'skipped', 'feature branch')]);
    expect(store.deliveries.get('a')).toMatchObject({ status: 'processed', outcome: 'proposed' });
    expect(store.deliveries.get('b')).toMatchObject({ status: 'skipped', outcome: 'feature branch' });
  });

  it('never writes a delivery inside a unit of work that rolls back: it waits its turn and survives', async () => {
    const store = openStore(':memory:');
    const records = asyncRecords(store);
    // a webhook arrives (from its own request, not from the unit of work) while the unit holds BEGIN across a real wait
    const stored = new Promise<boolean>((resolve) => setTimeout(() => resolve(records.deliveries.insert(delivery('late'))), 5));
    const unit = records.transaction(async (tx) => {
      await tx.deliveries.get('x');
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw new Error('the unit of work fails');
    });
    await expect(unit).rejects.toThrow('the unit of work fails');
    expect(await stored).toBe(true);
    expect(store.deliveries.get('late')).toMatchObject({ status: 'pending' });
  });
});

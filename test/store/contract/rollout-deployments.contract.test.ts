import { expect, it } from 'vitest';
import { bothStores } from './backends.js';
import { buildKey, newRollout } from './new-rollout.js';

bothStores('rollout deployment records', (fresh) => {
  it('records the id and each state, audited, leaving the rollout’s updated_at alone', async () => {
    const { records, clock, audit } = await fresh();
    const r = await records.rollouts.record(newRollout('1.4.0'), { ...buildKey('1.4.0'), startBy: 'bot' });
    if (r.kind !== 'recorded') throw new Error(r.kind);
    const id = r.rollout.id;
    expect(await records.rolloutDeployments.get(id)).toEqual({ rolloutId: id, connectorId: 'connector-foo', deploymentId: null, state: null, error: null });
    clock.at = new Date('2026-06-01T11:00:00Z');
    await records.rolloutDeployments.setId(id, 42, 'created');
    await records.rolloutDeployments.setState(id, 'in_progress', 'deploying');
    await records.rolloutDeployments.setState(id, 'success', 'deployed');
    expect(await records.rolloutDeployments.get(id)).toEqual({ rolloutId: id, connectorId: 'connector-foo', deploymentId: 42, state: 'success', error: null });
    expect((await records.rollouts.get(id))?.updatedAt).toBe('2026-06-01T10:00:00.000Z');
    expect(
      (await audit({ subjectType: 'deployment', subjectId: String(id) })).map((e) => `${e.actor}:${e.action}:${e.fromStatus}→${e.toStatus}:${e.reason}`),
    ).toEqual([
      'bot:deployment-created:null→null:created: deployment 42',
      'bot:deployment-in_progress:null→in_progress:deployment 42: deploying',
      'bot:deployment-success:in_progress→success:deployment 42: deployed',
    ]);
  });

  it('records an error once: it is told once', async () => {
    const { records, audit } = await fresh();
    const r = await records.rollouts.record(newRollout('1.4.0'), buildKey('1.4.0'));
    if (r.kind !== 'recorded') throw new Error(r.kind);
    expect(await records.rolloutDeployments.setError(r.rollout.id, 'gone')).toBe(true);
    expect(await records.rolloutDeployments.setError(r.rollout.id, 'gone again')).toBe(false);
    expect(await records.rolloutDeployments.get(r.rollout.id)).toMatchObject({ error: 'gone' });
    expect((await audit({ subjectType: 'deployment' })).map((e) => `${e.action}:${e.reason}`)).toEqual(['deployment-abandoned:gone']);
  });

  it('lists the connector’s other deployments last set to success, oldest first', async () => {
    const { records } = await fresh();
    const ids: number[] = [];
    for (const [i, v] of ['1.1.0', '1.2.0', '1.3.0'].entries()) {
      const r = await records.rollouts.record(newRollout(v), buildKey(v));
      if (r.kind !== 'recorded') throw new Error(r.kind);
      ids.push(r.rollout.id);
      await records.rolloutDeployments.setId(r.rollout.id, 100 + i, 'created');
    }
    const other = await records.rollouts.record(newRollout('2.0.0', { connectorId: 'connector-bar' }), buildKey('2.0.0', 'connector-bar'));
    if (other.kind !== 'recorded') throw new Error(other.kind);
    await records.rolloutDeployments.setId(other.rollout.id, 200, 'created');
    await records.rolloutDeployments.setState(other.rollout.id, 'success', 'deployed');
    const [a, b, c] = ids as [number, number, number];
    await records.rolloutDeployments.setState(b, 'success', 'deployed');
    await records.rolloutDeployments.setState(a, 'success', 'deployed');
    await records.rolloutDeployments.setState(c, 'failure', 'failed');
    expect(await records.rolloutDeployments.active('connector-foo', 999)).toMatchObject([
      { rolloutId: a, deploymentId: 100, state: 'success' },
      { rolloutId: b, deploymentId: 101, state: 'success' },
    ]);
    expect((await records.rolloutDeployments.active('connector-foo', a)).map((d) => d.rolloutId)).toEqual([b]);
    await records.rolloutDeployments.setState(a, 'inactive', 'replaced');
    expect((await records.rolloutDeployments.active('connector-foo', 999)).map((d) => d.rolloutId)).toEqual([b]);
  });

  it('answers undefined for a rollout it does not know', async () => {
    const { records } = await fresh();
    expect(await records.rolloutDeployments.get(404)).toBeUndefined();
  });

  it('writes nothing of a unit of work that fails', async () => {
    const { records, audit } = await fresh();
    const r = await records.rollouts.record(newRollout('1.4.0'), buildKey('1.4.0'));
    if (r.kind !== 'recorded') throw new Error(r.kind);
    await expect(
      records.transaction(async (tx) => {
        await tx.rolloutDeployments.setId(r.rollout.id, 42, 'created');
        await tx.rolloutDeployments.setError(r.rollout.id, 'gone');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await records.rolloutDeployments.get(r.rollout.id)).toMatchObject({ deploymentId: null, error: null });
    expect(await audit({ subjectType: 'deployment' })).toEqual([]);
  });
});

import { expect, it } from 'vitest';
import type { Rollout } from '../../../src/domain/rollout-model.js';
import type { RecordOutcome } from '../../../src/workflows/ports/rollout-records.js';
import { newRelease } from '../new-release.js';
import { bothStores, warm } from './backends.js';
import { buildKey, newRollout } from './new-rollout.js';

const recorded = (o: RecordOutcome): Rollout => {
  if (o.kind !== 'recorded') throw new Error(`not recorded: ${o.kind}`);
  return o.rollout;
};

bothStores('rollout records', (fresh) => {
  it('records the same build once: a second notice of it is a duplicate of the first', async () => {
    const { records } = await fresh();
    const first = recorded(await records.rollouts.record(newRollout('1.4.0'), buildKey('1.4.0')));
    expect(first).toMatchObject({ connectorId: 'connector-foo', version: '1.4.0', status: 'received', needsApproval: false, ownMessage: true, attempts: 0 });
    expect(await records.rollouts.record(newRollout('1.4.0', { image: 'rebuilt' }), buildKey('1.4.0'))).toEqual({ kind: 'duplicate', rollout: first });
    expect(await records.rollouts.get(first.id)).toEqual(first);
    expect(await records.rollouts.ofConnector('connector-foo')).toHaveLength(1);
  });

  it('lets two notices of one build race: one records it, the other finds it', async () => {
    const { records } = await fresh();
    await warm(records);
    const both = await Promise.all([
      records.rollouts.record(newRollout('1.4.0'), buildKey('1.4.0')),
      records.rollouts.record(newRollout('1.4.0'), buildKey('1.4.0')),
    ]);
    expect(both.map((o) => o.kind).sort()).toEqual(['duplicate', 'recorded']);
    expect(await records.rollouts.ofConnector('connector-foo')).toHaveLength(1);
  });

  it('lets one rollout of a connector be in flight; the next waits and is started after', async () => {
    const { records, audit } = await fresh();
    const a = recorded(await records.rollouts.record(newRollout('1.4.0'), buildKey('1.4.0')));
    const b = recorded(await records.rollouts.record(newRollout('1.5.0'), buildKey('1.5.0')));
    expect(await records.rollouts.start(a.id, 'U1', 'deploy', { approvedBy: 'U1' })).toMatchObject({
      kind: 'started',
      rollout: { id: a.id, status: 'deploying', approvedBy: 'U1', startedAt: '2026-06-01T10:00:00.000Z' },
    });
    expect(await records.rollouts.start(b.id, 'bot', 'auto')).toMatchObject({ kind: 'busy', inFlight: { id: a.id } });
    expect(await records.rollouts.record(newRollout('1.6.0'), { ...buildKey('1.6.0'), startBy: 'U2' })).toMatchObject({ kind: 'busy', inFlight: { id: a.id } });
    expect(await records.rollouts.startNextQueued('connector-foo')).toBeUndefined();
    expect(await records.rollouts.finish(a.id, { kind: 'deployed', result: 'ok', attempts: 2 })).toEqual({
      rollout: expect.objectContaining({ id: a.id, status: 'deployed', result: 'ok', attempts: 2, finishedAt: '2026-06-01T10:00:00.000Z' }),
      rolledBack: undefined,
    });
    expect(await records.rollouts.startNextQueued('connector-foo')).toMatchObject({ id: b.id, status: 'deploying' });
    expect(await records.rollouts.start(a.id, 'bot', 'again')).toMatchObject({ kind: 'not-startable', rollout: { id: a.id } });
    expect(await records.rollouts.start(999, 'bot', 'nothing')).toEqual({ kind: 'unknown' });
    expect(await records.rollouts.finish(b.id, { kind: 'failed', error: 'crash', attempts: 3 })).toMatchObject({
      rollout: { status: 'failed', error: 'crash', result: null },
    });
    expect(await records.rollouts.finish(b.id, { kind: 'deployed', result: 'late', attempts: 1 })).toBeUndefined();
    // A failed rollout may start again: its error is cleared.
    expect(await records.rollouts.start(b.id, 'U3', 'retry')).toMatchObject({
      kind: 'started',
      rollout: { status: 'deploying', error: null, finishedAt: null },
    });
    expect((await audit({ subjectType: 'rollout' })).map((e) => `${e.actor}:${e.subjectId}:${e.action}:${e.fromStatus}→${e.toStatus}`)).toEqual([
      `ci:${a.id}:receive:null→received`,
      `ci:${b.id}:receive:null→received`,
      `U1:${a.id}:deploying:received→deploying`,
      `bot:${a.id}:deployed:deploying→deployed`,
      `bot:${b.id}:deploying:received→deploying`,
      `bot:${b.id}:failed:deploying→failed`,
      `U3:${b.id}:deploying:failed→deploying`,
    ]);
  });

  it('lets two starts of one connector race: one starts, the other is told which is in flight', async () => {
    const { records } = await fresh();
    const a = recorded(await records.rollouts.record(newRollout('1.4.0'), buildKey('1.4.0')));
    const b = recorded(await records.rollouts.record(newRollout('1.5.0'), buildKey('1.5.0')));
    await warm(records);
    const both = await Promise.all([records.rollouts.start(a.id, 'bot', 'auto'), records.rollouts.start(b.id, 'bot', 'auto')]);
    expect(both.map((o) => o.kind).sort()).toEqual(['busy', 'started']);
    expect((await records.rollouts.ofConnector('connector-foo')).filter((r) => r.status === 'deploying')).toHaveLength(1);
  });

  it('starts no build that needs an approval, and the oldest waiting one first', async () => {
    const { records } = await fresh();
    recorded(await records.rollouts.record(newRollout('1.3.0', { needsApproval: true }), buildKey('1.3.0')));
    const b = recorded(await records.rollouts.record(newRollout('1.4.0'), buildKey('1.4.0')));
    recorded(await records.rollouts.record(newRollout('1.5.0'), buildKey('1.5.0')));
    expect(await records.rollouts.startNextQueued('connector-foo')).toMatchObject({ id: b.id });
    expect(await records.rollouts.startNextQueued('connector-bar')).toBeUndefined();
  });

  it('holds builds of a pinned connector, and marks the replaced rollout rolled back when the rollback is deployed', async () => {
    const { records, audit } = await fresh();
    const first = recorded(await records.rollouts.record(newRollout('1.3.0'), buildKey('1.3.0')));
    await records.rollouts.start(first.id, 'bot', 'auto');
    await records.rollouts.finish(first.id, { kind: 'deployed', result: 'ok', attempts: 1 });
    const rollback = recorded(
      await records.rollouts.record(newRollout('1.2.0', { kind: 'rollback', source: 'slack', requestedBy: 'U1', rollbackOf: first.id }), {
        buildKey: null,
        actor: 'U1',
        reason: 'rollback',
        startBy: 'U1',
        pin: 'rolled back',
      }),
    );
    expect(rollback).toMatchObject({ status: 'deploying', approvedBy: 'U1', kind: 'rollback' });
    expect(await records.rollouts.pinOf('connector-foo')).toEqual({
      connectorId: 'connector-foo',
      image: 'ghcr.io/acme/connector-foo:1.2.0',
      version: '1.2.0',
      pinnedBy: 'U1',
      pinnedAt: '2026-06-01T10:00:00.000Z',
      reason: 'rolled back',
    });
    expect(await records.rollouts.record(newRollout('1.5.0'), buildKey('1.5.0'))).toMatchObject({ kind: 'recorded', rollout: { status: 'held' } });
    expect(await records.rollouts.rolledBackBy(first.id)).toBeUndefined();

    const done = await records.rollouts.finish(rollback.id, { kind: 'deployed', result: 'ok', attempts: 1 });
    expect(done?.rolledBack).toMatchObject({ id: first.id, status: 'rolled_back' });
    expect(await records.rollouts.rolledBackBy(first.id)).toMatchObject({ id: rollback.id });
    expect(await records.rollouts.unpin('connector-foo', 'U2')).toBe(true);
    expect(await records.rollouts.unpin('connector-foo', 'U2')).toBe(false);
    expect(await records.rollouts.pinOf('connector-foo')).toBeUndefined();
    expect(await records.rollouts.record(newRollout('1.6.0'), buildKey('1.6.0'))).toMatchObject({ kind: 'recorded', rollout: { status: 'received' } });
    expect((await audit()).map((e) => `${e.actor}:${e.subjectType}:${e.action}:${e.reason}`)).toEqual([
      'ci:rollout:receive:test',
      'bot:rollout:deploying:auto',
      'bot:rollout:deployed:ok',
      'U1:rollout:rollback:rollback',
      'U1:connector:pin:rolled back: ghcr.io/acme/connector-foo:1.2.0',
      'ci:rollout:hold:test',
      'bot:rollout:deployed:ok',
      `U1:rollout:rolled_back:rolled back to ghcr.io/acme/connector-foo:1.2.0 by rollout ${rollback.id}`,
      'U2:connector:unpin:unpinned in Slack',
      'ci:rollout:receive:test',
    ]);
  });

  it('lists a connector’s rollouts newest first', async () => {
    const { records } = await fresh();
    for (const v of ['1.1.0', '1.2.0', '1.3.0']) await records.rollouts.record(newRollout(v), buildKey(v));
    await records.rollouts.record(newRollout('9.0.0', { connectorId: 'connector-bar' }), buildKey('9.0.0', 'connector-bar'));
    expect((await records.rollouts.ofConnector('connector-foo')).map((r) => r.version)).toEqual(['1.3.0', '1.2.0', '1.1.0']);
  });

  it('finds the newest rollout told in a release’s own thread', async () => {
    const { records } = await fresh();
    const batch = await records.batches.create({ forcedBump: null, leftOut: [], channel: 'C1', trigger: 'command', requestedBy: 'U1' }, [
      newRelease({ repo: 'connector-foo', trigger: 'batch' }),
    ]);
    const approved = await records.batches.approveAll(batch.id, 'U2');
    if (approved.kind !== 'approved') throw new Error(approved.kind);
    const releaseId = approved.started[0]!.id;
    await records.rollouts.record(newRollout('1.1.0', { releaseId, ownMessage: false, threadTs: '1.1' }), buildKey('1.1.0'));
    const newer = recorded(await records.rollouts.record(newRollout('1.1.1', { releaseId, ownMessage: false, threadTs: '1.1' }), buildKey('1.1.1')));
    await records.rollouts.record(newRollout('1.1.2', { releaseId, ownMessage: true }), buildKey('1.1.2'));
    expect(await records.rollouts.latestInReleaseThread(releaseId)).toEqual(newer);
    expect(await records.rollouts.latestInReleaseThread(releaseId + 1)).toBeUndefined();
  });

  it('lists what a restart has to do: deploys in flight, waiting builds, statuses Slack was not told, deployments not brought in line', async () => {
    const { records } = await fresh();
    const told = { threadTs: '1.1' };
    const waiting = recorded(await records.rollouts.record(newRollout('1.4.0', told), buildKey('1.4.0')));
    await records.rollouts.setReported(waiting.id, 'received');
    const approval = recorded(await records.rollouts.record(newRollout('1.5.0', { ...told, needsApproval: true }), buildKey('1.5.0')));
    await records.rollouts.setReported(approval.id, 'received');
    const untold = recorded(await records.rollouts.record(newRollout('1.6.0', { needsApproval: true }), buildKey('1.6.0')));
    await records.rollouts.setReported(untold.id, 'received');
    expect((await records.rollouts.unfinished()).map((r) => r.id)).toEqual([waiting.id, untold.id]);

    const deployed = recorded(
      await records.rollouts.record(newRollout('2.0.0', { ...told, connectorId: 'c2' }), { ...buildKey('2.0.0', 'c2'), startBy: 'bot' }),
    );
    expect((await records.rollouts.unfinished()).map((r) => r.id)).toContain(deployed.id);
    await records.rollouts.finish(deployed.id, { kind: 'deployed', result: 'ok', attempts: 1 });
    await records.rollouts.setReported(deployed.id, 'deployed');
    // Deployed, told, but its GitHub deployment is not `success` yet.
    expect((await records.rollouts.unfinished()).map((r) => r.id)).toContain(deployed.id);
    await records.rolloutDeployments.setState(deployed.id, 'success', 'deployed');
    expect((await records.rollouts.unfinished()).map((r) => r.id)).not.toContain(deployed.id);
    await records.rolloutDeployments.setState(deployed.id, 'inactive', 'replaced');
    expect((await records.rollouts.unfinished()).map((r) => r.id)).not.toContain(deployed.id);

    const failed = recorded(await records.rollouts.record(newRollout('3.0.0', { ...told, connectorId: 'c3' }), { ...buildKey('3.0.0', 'c3'), startBy: 'bot' }));
    await records.rollouts.finish(failed.id, { kind: 'failed', error: 'x', attempts: 1 });
    await records.rollouts.setReported(failed.id, 'failed');
    expect((await records.rollouts.unfinished()).map((r) => r.id)).toContain(failed.id);
    await records.rolloutDeployments.setError(failed.id, 'no deployment');
    expect((await records.rollouts.unfinished()).map((r) => r.id)).not.toContain(failed.id);
  });

  it('writes nothing of a unit of work that fails: no rollout, no pin, no audit', async () => {
    const { records, audit } = await fresh();
    await expect(
      records.transaction(async (tx) => {
        await tx.rollouts.record(newRollout('1.2.0', { kind: 'rollback', source: 'slack' }), {
          buildKey: null,
          actor: 'U1',
          reason: 'r',
          startBy: 'U1',
          pin: 'p',
        });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await records.rollouts.ofConnector('connector-foo')).toEqual([]);
    expect(await records.rollouts.pinOf('connector-foo')).toBeUndefined();
    expect(await audit()).toEqual([]);
  });
});

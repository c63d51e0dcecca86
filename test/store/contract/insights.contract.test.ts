import { expect, it } from 'vitest';
import type { AnalyzedCommit } from '../../../src/domain/analyze-commits.js';
import { newRelease } from '../new-release.js';
import { bothStores, warm } from './backends.js';
import { buildKey, newRollout } from './new-rollout.js';

const commit = (sha: string, date?: string) =>
  ({ sha, title: 'feat: x', type: 'feat', scope: null, subject: 'x', breaking: false, breakingNote: null, bump: 'minor', date }) as AnalyzedCommit;
const at = (iso: string) => new Date(iso);

bothStores('insight records', (fresh) => {
  it('reads each release touched since a time with the times of its steps, its oldest commit date, and the first record of every repository', async () => {
    const { records, clock } = await fresh();
    clock.at = at('2026-05-01T09:00:00Z');
    await records.batches.create({ forcedBump: null, leftOut: [], channel: 'C1', trigger: 'command', requestedBy: 'U0' }, [newRelease({ repo: 'widget' })]);
    clock.at = at('2026-05-20T12:00:00Z');
    const train = await records.batches.create({ forcedBump: null, leftOut: [], channel: 'C1', trigger: 'command', requestedBy: 'U0' }, [
      newRelease({ repo: 'widget', commits: [commit('b', '2026-05-19T08:00:00+02:00'), commit('c', '2026-05-19T09:00:00Z'), commit('d')] }),
      newRelease({ repo: 'connector-foo', commits: [commit('e')] }),
    ]);
    clock.at = at('2026-05-20T12:20:00Z');
    const approved = await records.batches.approveAll(train.id, 'U1');
    if (approved.kind !== 'approved') throw new Error(approved.kind);
    const [foo, widget] = approved.started.map((m) => ({ id: m.id })) as [{ id: number }, { id: number }];
    clock.at = at('2026-05-20T12:22:00Z');
    await records.audit.append({
      actor: 'bot',
      subjectType: 'release',
      subjectId: String(widget.id),
      action: 'published',
      fromStatus: 'approved',
      toStatus: 'published',
      reason: 'x',
    });
    clock.at = at('2026-05-21T08:00:00Z');
    const r = await records.rollouts.record(newRollout('1.1.0', { releaseId: foo.id }), { ...buildKey('1.1.0'), startBy: 'bot' });
    if (r.kind !== 'recorded') throw new Error(r.kind);
    clock.at = at('2026-05-21T08:05:00Z');
    await records.rollouts.finish(r.rollout.id, { kind: 'deployed', result: 'ok', attempts: 1 });

    const h = await records.insights.history('2026-05-10T00:00:00Z');
    expect(h.releases).toEqual([
      {
        id: widget.id,
        repo: 'widget',
        proposedAt: '2026-05-20T12:00:00.000Z',
        approvedAt: '2026-05-20T12:20:00.000Z',
        releasedAt: '2026-05-20T12:22:00.000Z',
        firstCommitAt: '2026-05-19T06:00:00.000Z',
        rolledOutAt: null,
      },
      {
        id: foo.id,
        repo: 'connector-foo',
        proposedAt: '2026-05-20T12:00:00.000Z',
        approvedAt: '2026-05-20T12:20:00.000Z',
        releasedAt: null,
        firstCommitAt: null,
        rolledOutAt: '2026-05-21T08:05:00.000Z',
      },
    ]);
    expect(h.rollouts).toEqual([
      {
        id: r.rollout.id,
        connectorId: 'connector-foo',
        kind: 'build',
        status: 'deployed',
        receivedAt: '2026-05-21T08:00:00.000Z',
        finishedAt: '2026-05-21T08:05:00.000Z',
      },
    ]);
    expect([...h.firsts].sort((a, b) => a.repo.localeCompare(b.repo))).toEqual([
      { repo: 'connector-foo', at: '2026-05-20T12:00:00.000Z' },
      { repo: 'connector-foo', at: '2026-05-21T08:00:00.000Z' },
      { repo: 'widget', at: '2026-05-01T09:00:00.000Z' },
    ]);
    expect(await records.insights.history('2026-05-22T00:00:00Z')).toEqual({ releases: [], rollouts: [], firsts: h.firsts });
  });

  it('knows what each connector has in production, its last rollout and its pin', async () => {
    const { records, clock } = await fresh();
    expect(await records.insights.connectors()).toEqual([]);
    const deployed = await records.rollouts.record(newRollout('1.1.0'), { ...buildKey('1.1.0'), startBy: 'bot' });
    if (deployed.kind !== 'recorded') throw new Error(deployed.kind);
    clock.at = at('2026-06-01T10:05:00Z');
    await records.rollouts.finish(deployed.rollout.id, { kind: 'deployed', result: 'ok', attempts: 1 });
    clock.at = at('2026-06-01T11:00:00Z');
    await records.rollouts.record(newRollout('1.2.0'), buildKey('1.2.0'));
    await records.rollouts.record(newRollout('0.9.0', { connectorId: 'connector-bar', kind: 'rollback', source: 'slack' }), {
      buildKey: null,
      actor: 'U1',
      reason: 'rollback',
      pin: 'broken',
    });
    const connectors = await records.insights.connectors();
    expect(connectors.find((c) => c.connectorId === 'connector-foo')).toEqual({
      connectorId: 'connector-foo',
      production: { version: '1.1.0', at: '2026-06-01T10:05:00.000Z' },
      lastRollout: { version: '1.2.0', status: 'received', at: '2026-06-01T11:00:00.000Z' },
      pin: null,
    });
    expect(connectors.find((c) => c.connectorId === 'connector-bar')).toEqual({
      connectorId: 'connector-bar',
      production: null,
      lastRollout: { version: '0.9.0', status: 'received', at: '2026-06-01T11:00:00.000Z' },
      pin: {
        connectorId: 'connector-bar',
        image: 'ghcr.io/acme/connector-foo:0.9.0',
        version: '0.9.0',
        pinnedBy: 'U1',
        pinnedAt: '2026-06-01T11:00:00.000Z',
        reason: 'broken',
      },
    });
    expect(connectors).toHaveLength(2);
  });

  it('lets one caller claim a week’s digest, even when two claim it at once', async () => {
    const { records } = await fresh();
    expect(await records.insights.claimDigest('2026-W14')).toBe(true);
    expect(await records.insights.claimDigest('2026-W14')).toBe(false);
    await warm(records);
    expect((await Promise.all([records.insights.claimDigest('2026-W15'), records.insights.claimDigest('2026-W15')])).sort()).toEqual([false, true]);
  });
});

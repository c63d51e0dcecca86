import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { buildKey as key, newRollout as build } from './contract/new-rollout.js';

const store = () => openStore(join(mkdtempSync(join(tmpdir(), 'rollout-store-')), 'bot.db'));

describe('rollout store', () => {
  it('records the same build once', () => {
    const s = store();
    const first = s.rollouts.record(build('1.4.0'), key('1.4.0'));
    expect(first.kind).toBe('recorded');
    const again = s.rollouts.record(build('1.4.0', { image: 'ghcr.io/acme/connector-foo:1.4.0-rebuilt' }), key('1.4.0'));
    expect(again).toMatchObject({
      kind: 'duplicate',
      rollout: { id: first.kind === 'recorded' ? first.rollout.id : -1, image: 'ghcr.io/acme/connector-foo:1.4.0' },
    });
    expect(s.rollouts.ofConnector('connector-foo')).toHaveLength(1);
  });

  it('lets one rollout of a connector be in flight; the next waits and is started after', () => {
    const s = store();
    const a = s.rollouts.record(build('1.4.0'), key('1.4.0'));
    const b = s.rollouts.record(build('1.5.0'), key('1.5.0'));
    if (a.kind !== 'recorded' || b.kind !== 'recorded') throw new Error('not recorded');
    expect(s.rollouts.start(a.rollout.id, 'bot', 'auto').kind).toBe('started');
    expect(s.rollouts.start(b.rollout.id, 'bot', 'auto')).toMatchObject({ kind: 'busy', inFlight: { id: a.rollout.id } });
    expect(s.rollouts.startNextQueued('connector-foo')).toBeUndefined();
    s.rollouts.finish(a.rollout.id, { kind: 'deployed', result: 'ok', attempts: 1 });
    expect(s.rollouts.startNextQueued('connector-foo')).toMatchObject({ id: b.rollout.id, status: 'deploying' });
    expect(s.rollouts.start(a.rollout.id, 'bot', 'again').kind).toBe('not-startable');
  });

  it('holds builds of a pinned connector, and marks the replaced rollout rolled back when the rollback is deployed', () => {
    const s = store();
    const first = s.rollouts.record(build('1.3.0'), key('1.3.0'));
    if (first.kind !== 'recorded') throw new Error('not recorded');
    s.rollouts.start(first.rollout.id, 'bot', 'auto');
    s.rollouts.finish(first.rollout.id, { kind: 'deployed', result: 'ok', attempts: 1 });
    const rollback = s.rollouts.record(build('1.2.0', { kind: 'rollback', source: 'slack', requestedBy: 'U1', rollbackOf: first.rollout.id }), {
      buildKey: null,
      actor: 'U1',
      reason: 'rollback',
      startBy: 'U1',
      pin: 'rolled back',
    });
    if (rollback.kind !== 'recorded') throw new Error('not recorded');
    expect(rollback.rollout.status).toBe('deploying');
    expect(s.rollouts.pinOf('connector-foo')).toMatchObject({ version: '1.2.0', pinnedBy: 'U1' });
    expect(s.rollouts.record(build('1.5.0'), key('1.5.0'))).toMatchObject({ kind: 'recorded', rollout: { status: 'held' } });

    const done = s.rollouts.finish(rollback.rollout.id, { kind: 'deployed', result: 'ok', attempts: 1 });
    expect(done?.rolledBack).toMatchObject({ id: first.rollout.id, status: 'rolled_back' });
    expect(s.rollouts.finish(rollback.rollout.id, { kind: 'failed', error: 'late', attempts: 1 })).toBeUndefined();
    expect(s.rollouts.unpin('connector-foo', 'U2')).toBe(true);
    expect(s.rollouts.unpin('connector-foo', 'U2')).toBe(false);
    expect(s.audit.entries().map((e) => `${e.actor}:${e.subjectType}:${e.action}`)).toEqual([
      'ci:rollout:receive',
      'bot:rollout:deploying',
      'bot:rollout:deployed',
      'U1:rollout:rollback',
      'U1:connector:pin',
      'ci:rollout:hold',
      'bot:rollout:deployed',
      'U1:rollout:rolled_back',
      'U2:connector:unpin',
    ]);
  });

  it('lists what a restart has to do: deploys in flight, waiting builds, and statuses Slack was not told', () => {
    const s = store();
    const a = s.rollouts.record(build('1.4.0'), key('1.4.0'));
    const b = s.rollouts.record(build('1.5.0', { needsApproval: true }), key('1.5.0'));
    if (a.kind !== 'recorded' || b.kind !== 'recorded') throw new Error('not recorded');
    s.rollouts.setThread(b.rollout.id, '1.1');
    s.rollouts.setReported(b.rollout.id, 'received');
    expect(s.rollouts.unfinished().map((r) => r.id)).toEqual([a.rollout.id]);
  });
});

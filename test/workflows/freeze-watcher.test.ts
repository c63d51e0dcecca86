import { describe, expect, it } from 'vitest';
import { approveBatch } from '../../src/workflows/decide-batch.js';
import { proposeBatch } from '../../src/workflows/propose-batch.js';
import { proposeRelease } from '../../src/workflows/propose-release.js';
import { BatchRunner } from '../../src/workflows/batch-runner.js';
import { ReleaseRunner } from '../../src/workflows/release-runner.js';
import { BackgroundWork } from '../../src/workflows/supervise.js';
import { freeze, unfreeze } from '../../src/workflows/freeze-command.js';
import { reconcileFreezes, type HeldWork } from '../../src/workflows/freeze-watcher.js';
import { APPROVER, GROUP_MEMBER, RELEASE_CHANNEL, TEST_YAML, makeDeps, owed, sendAll, type TestDeps } from './fakes/make-deps.js';
import { connectors } from './fakes/connector-train.js';
import { approveRelease } from '../../src/workflows/decide-release.js';
import { fakeRunner } from './fakes/fake-runner.js';

const idle: HeldWork = { resumeRelease: () => {}, releaseHeldRollouts: () => {}, resumeTrains: () => {} };
const told = (t: TestDeps, method: string) => owed(t.sync).filter((o) => o.told.method === method);

describe('freezes and the work they hold', () => {
  it('keeps a release train approved during a freeze on the platform, says so once, and lets it leave after /release unfreeze', async () => {
    const t = makeDeps();
    const deps = { ...t, now: t.clock.now };
    connectors(t);
    const proposed = await proposeBatch(deps, { forcedBump: null, dryRun: false, channel: RELEASE_CHANNEL, trigger: 'command', requestedBy: APPROVER });
    if (proposed.kind !== 'proposed') throw new Error(proposed.kind);
    sendAll(t.sync);
    const background = new BackgroundWork(t.logger);
    const releases = new ReleaseRunner(deps, background, { stepRetry: { baseMs: 1, maxMs: 2, forMs: 50 } });
    const trains = new BatchRunner(deps, releases, background, 0);
    expect(await freeze(deps, { scope: 'all', reason: 'incident 42', userId: APPROVER })).toMatchObject({ kind: 'frozen' });

    await approveBatch(deps, trains, { batchId: proposed.batch.id, userId: GROUP_MEMBER });
    await background.idle();
    await trains.run(proposed.batch.id);
    expect(t.github.writes).toEqual([]);
    expect(t.sync.releases.inBatch(proposed.batch.id).map((m) => m.status)).toEqual(['approved', 'approved']);
    expect(told(t, 'batchReply').filter((o) => (o.told.event as { kind: string }).kind === 'held')).toHaveLength(1);

    await unfreeze(deps, { scope: 'all', userId: APPROVER });
    await reconcileFreezes(deps, { ...idle, resumeTrains: () => void trains.resumeAll() }, t.clock.now());
    await background.idle();
    await trains.run(proposed.batch.id);
    expect(t.github.writes.map((w) => w.method)).toEqual(['createRelease', 'createRelease']);
    expect(t.sync.batches.get(proposed.batch.id)?.status).toBe('done');
  });

  it('tells a scheduled window once when it starts and once when it ends, and an end only after its start was told', async () => {
    const yaml = `${TEST_YAML}freeze:\n  - { weekly: "fri 16:00 - mon 08:00", timezone: Europe/Berlin, reason: no weekend releases }\n`;
    const t = makeDeps({ yaml });
    const deps = { ...t, now: t.clock.now };
    // Wednesday: last weekend's window ended, but its start was never told (the bot did not run): nothing is said
    await reconcileFreezes(deps, idle, new Date('2026-03-25T12:00:00Z'));
    expect(told(t, 'freezeNotice')).toEqual([]);
    await reconcileFreezes(deps, idle, new Date('2026-03-27T15:00:00Z'));
    await reconcileFreezes(deps, idle, new Date('2026-03-28T09:00:00Z'));
    await reconcileFreezes(deps, idle, new Date('2026-03-30T06:00:00Z'));
    await reconcileFreezes(deps, idle, new Date('2026-03-30T07:00:00Z'));
    expect(told(t, 'freezeNotice').map((o) => [o.key, o.told.event])).toEqual([
      ['freeze:2026-03-27T15:00:00.000Z/2026-03-30T06:00:00.000Z:start', 'started'],
      ['freeze:2026-03-27T15:00:00.000Z/2026-03-30T06:00:00.000Z:end', 'ended'],
    ]);
  });

  it('marks an open proposal when a freeze begins after it was made, and lifts the mark when it ends', async () => {
    const t = makeDeps();
    const deps = { ...t, now: t.clock.now };
    t.github.addRepo('widget', { commits: ['feat: first'] });
    const made = await proposeRelease(deps, { repo: 'widget', trigger: 'command', requestedBy: APPROVER });
    if (made.kind !== 'proposed') throw new Error(made.kind);
    expect(made.release.frozen).toBeNull();

    await freeze(deps, { scope: 'widget', reason: 'db migration', userId: APPROVER });
    await reconcileFreezes(deps, idle, t.clock.now());
    expect(t.sync.releases.get(made.release.id)?.frozen).toMatchObject({ reason: 'db migration', scope: 'widget', source: 'ad-hoc' });
    await unfreeze(deps, { scope: 'widget', userId: APPROVER });
    await reconcileFreezes(deps, idle, t.clock.now());
    expect(t.sync.releases.get(made.release.id)?.frozen).toBeNull();
    // the proposal, shown frozen, shown free again
    expect(t.narrator.told.filter((x) => x.method === 'releaseParent')).toHaveLength(3);
  });

  it('holds a release approved during a freeze before its tag, but lets one already tagging finish', async () => {
    const t = makeDeps();
    const deps = { ...t, now: t.clock.now };
    for (const repo of ['widget', 'gadget']) t.github.addRepo(repo, { commits: ['feat: first'] });
    const runner = new ReleaseRunner(deps, new BackgroundWork(t.logger));
    const approvedOne = async (repo: string) => {
      const made = await proposeRelease(deps, { repo, trigger: 'command', requestedBy: APPROVER });
      if (made.kind !== 'proposed') throw new Error(made.kind);
      await approveRelease(deps, fakeRunner(), { releaseId: made.release.id, userId: APPROVER });
      return made.release.id;
    };
    const tagging = await approvedOne('gadget');
    // gadget's tag step was recorded before the freeze began
    t.sync.releases.advance(tagging, 'approved', 'tagged', 'bot', 'tagged before the freeze', {});
    const waiting = await approvedOne('widget');
    await freeze(deps, { scope: 'all', reason: 'incident 42', userId: APPROVER });

    expect(await runner.run(waiting)).toMatchObject({ status: 'approved', frozen: { reason: 'incident 42' } });
    expect(await runner.run(tagging)).toMatchObject({ status: 'notified' });
    expect(t.github.writes.map((w) => [w.method, w.repo])).toEqual([['createRelease', 'gadget']]);
    expect(t.narrator.told.filter((x) => x.method === 'releaseReply' && (x.event as { kind: string }).kind === 'held')).toMatchObject([{ release: waiting }]);
  });
});

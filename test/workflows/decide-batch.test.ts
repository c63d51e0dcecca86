import { describe, expect, it } from 'vitest';
import { approveBatch, cancelBatch, changeMember, retryFailed } from '../../src/workflows/decide-batch.js';
import { proposeBatch } from '../../src/workflows/propose-batch.js';
import { proposeRelease } from '../../src/workflows/propose-release.js';
import { BatchRunner } from '../../src/workflows/batch-runner.js';
import { ReleaseRunner } from '../../src/workflows/release-runner.js';
import { BackgroundWork } from '../../src/workflows/supervise.js';
import type { Batch } from '../../src/domain/batch.js';
import { APPROVER, GROUP_MEMBER, makeDeps, owed, RELEASE_CHANNEL, sendAll, STRANGER, type TestDeps } from './fakes/make-deps.js';
import { fakeRunner } from './fakes/fake-runner.js';
import { connectors } from './fakes/connector-train.js';

/** A proposed train of connector-bar (1.0.0) and connector-foo (1.0.1), its card sent. */
async function train(t: TestDeps): Promise<Batch> {
  connectors(t);
  const outcome = await proposeBatch(t, { forcedBump: null, dryRun: false, channel: RELEASE_CHANNEL, trigger: 'command', requestedBy: APPROVER });
  if (outcome.kind !== 'proposed') throw new Error(`expected a train, got ${outcome.kind}`);
  sendAll(t.sync);
  return t.sync.batches.get(outcome.batch.id)!;
}

const member = (t: TestDeps, batchId: number, repo: string) => t.sync.releases.inBatch(batchId).find((m) => m.repo === repo)!;

describe('approveBatch', () => {
  it('lets an approver send the train: running, every connector approved, a reply owed, the card updated, the runner started', async () => {
    const t = makeDeps();
    const runner = fakeRunner();
    const b = await train(t);

    const outcome = await approveBatch(t, runner, { batchId: b.id, userId: GROUP_MEMBER });

    expect(outcome).toMatchObject({ kind: 'done', batch: { status: 'running', approvedBy: GROUP_MEMBER } });
    expect(t.sync.releases.inBatch(b.id).map((m) => m.status)).toEqual(['approved', 'approved']);
    expect(owed(t.sync)).toMatchObject([
      {
        kind: 'post',
        lane: `batch:${b.id}`,
        refTs: b.messageTs,
        told: { method: 'batchReply', batch: b.id, event: { kind: 'approved', by: GROUP_MEMBER, started: 2, busy: 0 } },
      },
    ]);
    expect(runner.cards).toEqual([b.id]);
    expect(runner.runs).toEqual([b.id]);
  });

  it('fails a connector whose own release is in flight, and says so in the reply', async () => {
    const t = makeDeps();
    const runner = fakeRunner();
    const b = await train(t);
    const single = await proposeRelease(t, { repo: 'connector-foo', trigger: 'command', requestedBy: APPROVER });
    t.sync.releases.approve(single.kind === 'proposed' ? single.release.id : -1, APPROVER);

    await approveBatch(t, runner, { batchId: b.id, userId: APPROVER });

    expect(member(t, b.id, 'connector-foo')).toMatchObject({ status: 'failed', error: 'another release of connector-foo (1.0.1) was in flight' });
    expect(member(t, b.id, 'connector-bar').status).toBe('approved');
    expect(owed(t.sync).at(-1)!.told).toMatchObject({ event: { started: 1, busy: 1 } });
  });

  it('answers a second approval with not-open and starts nothing more', async () => {
    const t = makeDeps();
    const runner = fakeRunner();
    const b = await train(t);
    await approveBatch(t, runner, { batchId: b.id, userId: APPROVER });

    expect(await approveBatch(t, runner, { batchId: b.id, userId: APPROVER })).toMatchObject({ kind: 'not-open', batch: { status: 'running' } });
    expect(runner.runs).toEqual([b.id]);
  });

  it('refuses someone who is not an approver, audits it, and changes nothing', async () => {
    const t = makeDeps();
    const runner = fakeRunner();
    const b = await train(t);

    expect(await approveBatch(t, runner, { batchId: b.id, userId: STRANGER })).toEqual({ kind: 'not-allowed', why: 'not-an-approver' });

    expect(t.sync.batches.get(b.id)!.status).toBe('proposed');
    expect(runner.runs).toEqual([]);
    expect(t.sync.audit.entries({ subjectType: 'batch' }).at(-1)).toMatchObject({
      actor: STRANGER,
      action: 'refused',
      subjectId: String(b.id),
      reason: 'approve release train: not an approver',
    });
  });

  it('is unknown for a train that does not exist', async () => {
    const t = makeDeps();
    expect(await approveBatch(t, fakeRunner(), { batchId: 42, userId: APPROVER })).toEqual({ kind: 'unknown' });
  });
});

describe('cancelBatch', () => {
  it('cancels the train and its connectors and updates the card; a second cancel is not-open', async () => {
    const t = makeDeps();
    const runner = fakeRunner();
    const b = await train(t);

    expect(await cancelBatch(t, runner, { batchId: b.id, userId: APPROVER })).toMatchObject({ kind: 'done', batch: { status: 'cancelled' } });
    expect(t.sync.releases.inBatch(b.id).map((m) => m.status)).toEqual(['cancelled', 'cancelled']);
    expect(runner.cards).toEqual([b.id]);
    expect(await cancelBatch(t, runner, { batchId: b.id, userId: APPROVER })).toMatchObject({ kind: 'not-open' });
  });

  it('refuses someone who is not an approver', async () => {
    const t = makeDeps();
    const b = await train(t);
    expect(await cancelBatch(t, fakeRunner(), { batchId: b.id, userId: STRANGER })).toEqual({ kind: 'not-allowed', why: 'not-an-approver' });
    expect(t.sync.batches.get(b.id)!.status).toBe('proposed');
  });
});

describe('changeMember', () => {
  it('leaves a connector out, and puts it back with another bump worked out from its base', async () => {
    const t = makeDeps();
    const runner = fakeRunner();
    const b = await train(t);
    const foo = member(t, b.id, 'connector-foo');

    expect(await changeMember(t, runner, { userId: APPROVER, releaseId: foo.id, choice: 'leave-out' })).toMatchObject({ kind: 'done' });
    expect(t.sync.releases.get(foo.id)!.status).toBe('skipped');

    await changeMember(t, runner, { userId: APPROVER, releaseId: foo.id, choice: 'major' });
    expect(t.sync.releases.get(foo.id)).toMatchObject({ status: 'proposed', bump: 'major', nextVersion: '2.0.0', tag: '2.0.0' });
    expect(runner.cards).toEqual([b.id, b.id]);
  });

  it('is unknown for a choice that is neither a bump nor leave-out, or a release outside any train', async () => {
    const t = makeDeps();
    const b = await train(t);
    const foo = member(t, b.id, 'connector-foo');
    const single = await proposeRelease(t, { repo: 'widget', trigger: 'command', requestedBy: APPROVER });

    expect(await changeMember(t, fakeRunner(), { userId: APPROVER, releaseId: foo.id, choice: 'huge' })).toEqual({ kind: 'unknown' });
    expect(await changeMember(t, fakeRunner(), { userId: APPROVER, releaseId: single.kind === 'proposed' ? single.release.id : -1, choice: 'patch' })).toEqual({
      kind: 'unknown',
    });
  });

  it('is not-open once the train left, and refuses someone who is not an approver', async () => {
    const t = makeDeps();
    const b = await train(t);
    const foo = member(t, b.id, 'connector-foo');

    expect(await changeMember(t, fakeRunner(), { userId: STRANGER, releaseId: foo.id, choice: 'major' })).toEqual({
      kind: 'not-allowed',
      why: 'not-an-approver',
    });
    expect(t.sync.audit.entries({ subjectType: 'batch' }).at(-1)!.reason).toBe('change connector-foo to major: not an approver');

    await approveBatch(t, fakeRunner(), { batchId: b.id, userId: APPROVER });
    expect(await changeMember(t, fakeRunner(), { userId: APPROVER, releaseId: foo.id, choice: 'major' })).toMatchObject({ kind: 'not-open' });
    expect(t.sync.releases.get(foo.id)!.bump).toBe('patch');
  });
});

describe('retryFailed', () => {
  it('starts the failed connectors of a done train again, with a reply', async () => {
    const t = makeDeps();
    const runner = fakeRunner();
    const b = await train(t);
    await approveBatch(t, runner, { batchId: b.id, userId: APPROVER });
    const foo = member(t, b.id, 'connector-foo');
    const bar = member(t, b.id, 'connector-bar');
    t.sync.releases.advance(foo.id, 'approved', 'failed', 'bot', 'GitHub said no', { error: 'GitHub said no' });
    for (const to of ['tagged', 'published', 'notified'] as const) t.sync.releases.advance(bar.id, t.sync.releases.get(bar.id)!.status, to, 'bot', to);
    t.sync.batches.finish(b.id);
    sendAll(t.sync);

    const outcome = await retryFailed(t, runner, { batchId: b.id, userId: APPROVER });

    expect(outcome).toMatchObject({ kind: 'done', batch: { status: 'running' } });
    expect(t.sync.releases.get(foo.id)!.status).toBe('approved');
    expect(owed(t.sync).map((r) => r.told)).toEqual([{ method: 'batchReply', batch: b.id, event: { kind: 'retried', by: APPROVER, count: 1 } }]);
    expect(runner.runs).toEqual([b.id, b.id]);
  });

  it('is not-open when nothing failed', async () => {
    const t = makeDeps();
    const b = await train(t);
    expect(await retryFailed(t, fakeRunner(), { batchId: b.id, userId: APPROVER })).toMatchObject({ kind: 'not-open' });
    expect(t.sync.outbox.pending()).toEqual([]);
  });
});

describe('BatchRunner', () => {
  async function carried(prepare: (t: TestDeps, b: Batch) => void = () => {}) {
    const t = makeDeps();
    const background = new BackgroundWork(t.logger);
    const releases = new ReleaseRunner(t, background, { stepRetry: { baseMs: 1, maxMs: 2, forMs: 50 } });
    const runner = new BatchRunner(t, releases, background, 0);
    const b = await train(t);
    prepare(t, b);
    t.github.calls.length = 0;
    await approveBatch(t, runner, { batchId: b.id, userId: APPROVER });
    await background.idle();
    return { t, b };
  }

  it('carries an approved train to the end: each connector released by one write between two sweeps, no notice of its own, one summary, the card updated', async () => {
    const { t, b } = await carried();

    expect(t.sync.batches.get(b.id)!.status).toBe('done');
    expect(t.sync.releases.inBatch(b.id).map((m) => m.status)).toEqual(['notified', 'notified']);
    expect(t.github.writes.map((w) => `${w.method} ${w.repo}`).sort()).toEqual(['createRelease connector-bar', 'createRelease connector-foo']);
    expect(t.github.calls.map((c) => c.method)).toEqual(['readTags', 'createRelease', 'createRelease', 'readTags']);
    expect(t.github.tags('connector-bar').get('1.0.0')).toBe(member(t, b.id, 'connector-bar').sha);
    const rows = owed(t.sync);
    expect(new Set(rows.map((r) => r.lane))).toEqual(new Set([`batch:${b.id}`]));
    expect(rows.filter((r) => r.told.method === 'batchSummary')).toMatchObject([{ told: { members: ['connector-bar:notified', 'connector-foo:notified'] } }]);
    expect(rows.filter((r) => r.kind === 'update').at(-1)!.told).toMatchObject({ method: 'batchCard', status: 'done' });
  });

  it('fails a connector whose tag turned up on another commit before the writes, with both SHAs, and writes nothing for it', async () => {
    let elsewhere = '';
    const { t, b } = await carried((t) => {
      elsewhere = t.github.sideCommit('connector-foo');
      t.github.tag('connector-foo', '1.0.1', elsewhere);
    });
    const foo = member(t, b.id, 'connector-foo');
    expect(foo.status).toBe('failed');
    expect(foo.error).toContain(elsewhere.slice(0, 7));
    expect(foo.error).toContain(foo.sha.slice(0, 7));
    expect(member(t, b.id, 'connector-bar').status).toBe('notified');
    expect(t.github.writes.map((w) => w.repo)).toEqual(['connector-bar']);
  });

  it('takes a 422 as a prompt to look at that one connector: its tag on the proposed commit and its release count as done', async () => {
    const { t, b } = await carried((t, b) => {
      const foo = member(t, b.id, 'connector-foo');
      t.github.tag('connector-foo', foo.tag, foo.sha);
      t.github.addRelease('connector-foo', foo.tag);
    });
    expect(t.sync.releases.inBatch(b.id).map((m) => m.status)).toEqual(['notified', 'notified']);
    expect(t.github.calls.filter((c) => c.repo === 'connector-foo').map((c) => c.method)).toEqual(['createRelease', 'findTag', 'findRelease']);
    expect(t.github.releasesOf('connector-foo')).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { receiveBuild } from '../../src/workflows/receive-rollout.js';
import { runRollout } from '../../src/workflows/run-rollout.js';
import { startRolloutByClick } from '../../src/workflows/decide-rollout.js';
import { RolloutRunner } from '../../src/workflows/rollout-runner.js';
import { BackgroundWork } from '../../src/workflows/supervise.js';
import { proposeRelease } from '../../src/workflows/propose-release.js';
import { APPROVER, makeDeps, owed, RELEASE_CHANNEL, sendAll, STRANGER, TEST_YAML, type DepsOptions, type TestDeps } from './fakes/make-deps.js';
import { fakeRunner } from './fakes/fake-runner.js';
import { FakeDeployer } from './fakes/fake-deployer.js';

const rolloutYaml = (requireApproval = false) => `${TEST_YAML}
rollout:
  deployer: http
  url: https://deploy.test/hooks
  requireApproval: ${requireApproval}
`;

const withRollouts = (o: DepsOptions & { requireApproval?: boolean } = {}) => makeDeps({ yaml: rolloutYaml(o.requireApproval), ...o });

const build = (t: TestDeps, version: string, connectorId = 'connector-foo') =>
  receiveBuild(t, { connectorId, image: `ghcr.io/acme/${connectorId}:${version}`, version }, 'build-notice');

const told = (t: TestDeps) => owed(t.sync).map((r) => `${r.kind} ${r.told.method} ${r.told.status}`);

describe('receiveBuild', () => {
  it('records a build, tells it in its own message in the release channel, and starts it at once', async () => {
    const t = withRollouts();

    const outcome = await build(t, '1.4.0');

    expect(outcome).toMatchObject({
      kind: 'started',
      rollout: { id: 1, status: 'deploying', kind: 'build', source: 'build-notice', ownMessage: true, channel: RELEASE_CHANNEL, reported: 'deploying' },
    });
    expect(told(t)).toEqual(['post rolloutParent received', 'post rolloutReply received', 'update rolloutParent deploying', 'post rolloutReply deploying']);
    expect(owed(t.sync)[0]).toMatchObject({ key: 'rollout:1:parent', lane: 'rollout:1', channel: RELEASE_CHANNEL });
    expect(t.deployer!.requests).toEqual([]);
  });

  it('is a duplicate when the same connector version comes again, and owes nothing more', async () => {
    const t = withRollouts();
    await build(t, '1.4.0');
    const before = t.sync.outbox.pending().length;

    const again = await receiveBuild(t, { connectorId: 'connector-foo', image: 'ghcr.io/acme/connector-foo:1.4.0', version: '1.4.0' }, 'github-package');

    expect(again).toMatchObject({ kind: 'duplicate', rollout: { id: 1 } });
    expect(t.sync.outbox.pending()).toHaveLength(before);
    expect(t.sync.rollouts.ofConnector('connector-foo')).toHaveLength(1);
  });

  it('waits for an approver when rollout.requireApproval is set', async () => {
    const t = withRollouts({ requireApproval: true });

    const outcome = await build(t, '1.4.0');

    expect(outcome).toMatchObject({ kind: 'awaiting-approval', rollout: { status: 'received', needsApproval: true } });
    expect(told(t)).toEqual(['post rolloutParent received', 'post rolloutReply received']);
  });

  it('holds a build of a pinned connector and says what it is pinned to', async () => {
    const t = withRollouts();
    t.sync.rollouts.pin('connector-foo', { by: APPROVER, reason: 'rolled back from 1.3.0', image: 'ghcr.io/acme/connector-foo:1.2.0', version: '1.2.0' });

    const outcome = await build(t, '1.4.0');

    expect(outcome).toMatchObject({ kind: 'held', rollout: { status: 'held' } });
    expect(owed(t.sync).map((r) => r.told)).toContainEqual({ method: 'rolloutReply', rollout: 1, status: 'held', pinned: '1.2.0' });
  });

  it('queues a build behind the rollout of the connector in flight', async () => {
    const t = withRollouts();
    await build(t, '1.4.0');

    expect(await build(t, '1.5.0')).toMatchObject({ kind: 'queued', rollout: { id: 2, status: 'received' }, inFlight: { id: 1 } });
  });

  it("tells the rollout of a version the bot released in that release's thread", async () => {
    const t = withRollouts();
    const [first] = t.github.addRepo('connector-foo', { commits: ['feat: first'] });
    t.github.tag('connector-foo', '1.0.0', first!);
    t.github.commit('connector-foo', 'fix: second');
    const proposal = await proposeRelease(t, { repo: 'connector-foo', trigger: 'command', requestedBy: APPROVER });
    const id = proposal.kind === 'proposed' ? proposal.release.id : -1;
    sendAll(t.sync);
    t.sync.releases.approve(id, APPROVER);
    for (const [from, to] of [
      ['approved', 'tagged'],
      ['tagged', 'published'],
      ['published', 'notified'],
    ] as const)
      t.sync.releases.advance(id, from, to, 'bot', to);
    const release = t.sync.releases.get(id)!;

    const outcome = await build(t, '1.0.1');

    expect(outcome.rollout).toMatchObject({ releaseId: id, ownMessage: false, threadTs: release.messageTs, channel: release.channel });
    const rows = owed(t.sync);
    expect(new Set(rows.map((r) => r.lane))).toEqual(new Set([`release:${id}`]));
    expect(rows.filter((r) => r.told.method === 'rolloutParent')).toEqual([]);
    expect(rows.find((r) => r.kind === 'update')!.told).toMatchObject({
      method: 'releaseParent',
      release: id,
      status: 'notified',
      rollout: { rollout: 1, status: 'deploying' },
    });
    await runRollout(t, outcome.rollout.id);
    expect(t.deployer!.requests[0]!.release).toEqual({ tag: '1.0.1', url: null });
  });

  it('finds the release of a connector whose .github/release-bot.yml gives it its own tag prefix', async () => {
    const t = withRollouts();
    const [first] = t.github.addRepo('connector-foo', { commits: ['feat: first'] });
    t.github.tag('connector-foo', 'v1.0.0', first!);
    t.github.commit('connector-foo', 'fix: second');
    t.github.setRepoFile('connector-foo', 'tagPrefix: v\n');
    const proposal = await proposeRelease(t, { repo: 'connector-foo', trigger: 'command', requestedBy: APPROVER });
    if (proposal.kind !== 'proposed') throw new Error(proposal.kind);
    expect(proposal.release.tag).toBe('v1.0.1');
    sendAll(t.sync);
    t.sync.releases.approve(proposal.release.id, APPROVER);

    const outcome = await build(t, '1.0.1');

    expect(outcome.rollout).toMatchObject({ releaseId: proposal.release.id, ownMessage: false, threadTs: t.sync.releases.get(proposal.release.id)!.messageTs });
  });
});

describe('runRollout', () => {
  it('calls the deployer once and records what it did', async () => {
    const t = withRollouts();
    const { rollout } = await build(t, '1.4.0');
    sendAll(t.sync);
    t.clock.tick(4200);

    const done = await runRollout(t, rollout.id);

    expect(t.deployer!.requests).toEqual([
      {
        rolloutId: 1,
        connectorId: 'connector-foo',
        image: 'ghcr.io/acme/connector-foo:1.4.0',
        version: '1.4.0',
        kind: 'build',
        requestedBy: null,
        release: null,
      },
    ]);
    expect(done).toMatchObject({
      status: 'deployed',
      result: 'deployed ghcr.io/acme/connector-foo:1.4.0',
      attempts: 1,
      error: null,
      finishedAt: '2026-03-02T09:00:04.200Z',
    });
    expect(told(t)).toEqual(['update rolloutParent deployed', 'post rolloutReply deployed']);
  });

  it('records the reason when the deployer says it failed', async () => {
    const t = withRollouts();
    t.deployer!.answer({ kind: 'failed', reason: 'the deploy hook answered 409: a deploy is already running', attempts: 3 });
    const { rollout } = await build(t, '1.4.0');

    expect(await runRollout(t, rollout.id)).toMatchObject({
      status: 'failed',
      error: 'the deploy hook answered 409: a deploy is already running',
      attempts: 3,
    });
    expect(told(t).at(-1)).toBe('post rolloutReply failed');
  });

  it('records a deployer that throws as a failure, and logs it with the rollout', async () => {
    const t = withRollouts();
    t.deployer!.answer(new Error('socket hang up'));
    const { rollout } = await build(t, '1.4.0');

    expect(await runRollout(t, rollout.id)).toMatchObject({ status: 'failed', error: 'the http deployer failed: socket hang up', attempts: 1 });
    expect(t.logs.find((l) => l.msg === 'deployer failed')).toMatchObject({ level: 50, rolloutId: rollout.id, connectorId: 'connector-foo' });
  });

  it('fails with what to do when no deployer is configured', async () => {
    const t = makeDeps({ deployer: false });
    const { rollout } = await build(t, '1.4.0');

    expect(await runRollout(t, rollout.id)).toMatchObject({
      status: 'failed',
      attempts: 0,
      error: 'no deployer is configured: add a `rollout:` section to release-bot.yml and restart the bot',
    });
  });

  it('then deploys the build that waited for its turn', async () => {
    const t = withRollouts();
    const first = await build(t, '1.4.0');
    const second = await build(t, '1.5.0');

    await runRollout(t, first.rollout.id);

    expect(t.deployer!.requests.map((r) => r.version)).toEqual(['1.4.0', '1.5.0']);
    expect(t.sync.rollouts.get(second.rollout.id)!.status).toBe('deployed');
  });

  it('after a crash mid-deploy calls the deployer again, and never redoes a recorded result', async () => {
    const t = withRollouts();
    const { rollout } = await build(t, '1.4.0');
    // the bot died during the deploy: the rollout is still deploying, nothing recorded

    await runRollout(t, rollout.id);
    await runRollout(t, rollout.id);

    expect(t.deployer!.requests).toHaveLength(1);
    expect(t.sync.rollouts.get(rollout.id)!.status).toBe('deployed');
  });
});

describe('startRolloutByClick', () => {
  it('lets an approver deploy a build that waits for approval; the runner runs it', async () => {
    const t = withRollouts({ requireApproval: true });
    const runner = fakeRunner();
    const { rollout } = await build(t, '1.4.0');

    const outcome = await startRolloutByClick(t, runner, { rolloutId: rollout.id, userId: APPROVER, action: 'deploy' });

    expect(outcome).toMatchObject({ kind: 'done', rollout: { status: 'deploying', approvedBy: APPROVER } });
    expect(runner.runs).toEqual([rollout.id]);
    expect(told(t).slice(-1)).toEqual(['post rolloutReply deploying']);
    expect(await startRolloutByClick(t, runner, { rolloutId: rollout.id, userId: APPROVER, action: 'deploy' })).toMatchObject({ kind: 'not-startable' });
  });

  it('refuses someone who is not an approver and audits it', async () => {
    const t = withRollouts({ requireApproval: true });
    const { rollout } = await build(t, '1.4.0');

    expect(await startRolloutByClick(t, fakeRunner(), { rolloutId: rollout.id, userId: STRANGER, action: 'deploy' })).toEqual({ kind: 'not-allowed' });
    expect(t.sync.audit.entries({ subjectType: 'rollout' }).at(-1)).toMatchObject({ actor: STRANGER, action: 'refused', reason: 'deploy: not an approver' });
    expect(t.sync.rollouts.get(rollout.id)!.status).toBe('received');
  });

  it('retries a failed rollout, and only a failed one', async () => {
    const t = withRollouts();
    t.deployer!.answer({ kind: 'failed', reason: 'nope', attempts: 1 });
    const { rollout } = await build(t, '1.4.0');
    expect(await startRolloutByClick(t, fakeRunner(), { rolloutId: rollout.id, userId: APPROVER, action: 'retry' })).toMatchObject({ kind: 'not-startable' });
    await runRollout(t, rollout.id);

    expect(await startRolloutByClick(t, fakeRunner(), { rolloutId: rollout.id, userId: APPROVER, action: 'retry' })).toMatchObject({
      kind: 'done',
      rollout: { status: 'deploying' },
    });
  });
});

describe('RolloutRunner', () => {
  it('resumes a deploy in flight on start-up and leaves a build waiting for approval alone', async () => {
    const deployer = new FakeDeployer();
    const t = withRollouts({ requireApproval: true, deployer });
    const waiting = await build(t, '1.4.0', 'connector-bar');
    const inFlight = await build(t, '1.4.0');
    t.sync.rollouts.start(inFlight.rollout.id, APPROVER, 'approved in Slack', { approvedBy: APPROVER });
    const background = new BackgroundWork(t.logger);

    await new RolloutRunner(t, background).resumeAll();

    expect(deployer.requests.map((r) => r.rolloutId)).toEqual([inFlight.rollout.id]);
    expect(t.sync.rollouts.get(inFlight.rollout.id)!.status).toBe('deployed');
    expect(t.sync.rollouts.get(waiting.rollout.id)!.status).toBe('received');
  });
});

import { describe, expect, it } from 'vitest';
import { runDeployCommand } from '../../src/workflows/deploy-command.js';
import { receiveBuild } from '../../src/workflows/receive-rollout.js';
import { runRollout } from '../../src/workflows/run-rollout.js';
import { APPROVER, makeDeps, owed, RELEASE_CHANNEL, sendAll, STRANGER, TEST_YAML, type TestDeps } from './fakes/make-deps.js';
import { fakeRunner } from './fakes/fake-runner.js';

const C = 'connector-foo';
const image = (version: string) => `ghcr.io/acme/${C}:${version}`;

function withRollouts(): TestDeps {
  return makeDeps({ yaml: `${TEST_YAML}\nrollout:\n  deployer: gitops\n  repo: deployments\n` });
}

/** Builds of each version announced and rolled out in turn, a minute apart. */
async function deployed(t: TestDeps, ...versions: string[]): Promise<void> {
  for (const version of versions) {
    const { rollout } = await receiveBuild(t, { connectorId: C, image: image(version), version }, 'build-notice');
    await runRollout(t, rollout.id);
    t.clock.tick(60_000);
  }
  sendAll(t.sync);
}

describe('/deploy', () => {
  it('refuses someone who is not an approver and audits what was tried', async () => {
    const t = withRollouts();
    await deployed(t, '1.0.0', '1.1.0');

    expect(await runDeployCommand(t, fakeRunner(), { kind: 'rollback', connectorId: C }, STRANGER)).toEqual({ kind: 'not-allowed' });
    expect(t.sync.audit.entries({ subjectType: 'connector', subjectId: C }).at(-1)).toMatchObject({
      actor: STRANGER,
      action: 'refused',
      reason: '/deploy rollback: not an approver',
    });
    expect(t.sync.rollouts.ofConnector(C)).toHaveLength(2);
  });

  it('knows no connector of which no build was announced', async () => {
    const t = withRollouts();
    expect(await runDeployCommand(t, fakeRunner(), { kind: 'deploy', connectorId: C, version: '1.0.0' }, APPROVER)).toEqual({
      kind: 'unknown-connector',
      connectorId: C,
    });
    expect(await runDeployCommand(t, fakeRunner(), { kind: 'rollback', connectorId: C }, APPROVER)).toEqual({ kind: 'unknown-connector', connectorId: C });
  });

  it('lists the known versions when asked for one never announced', async () => {
    const t = withRollouts();
    await deployed(t, '1.0.0', '1.1.0');

    expect(await runDeployCommand(t, fakeRunner(), { kind: 'deploy', connectorId: C, version: '9.9.9' }, APPROVER)).toEqual({
      kind: 'unknown-version',
      connectorId: C,
      version: '9.9.9',
      known: ['1.1.0', '1.0.0'],
    });
  });

  it('deploys an earlier version again as a manual rollout of the image announced for it', async () => {
    const t = withRollouts();
    const runner = fakeRunner();
    await deployed(t, '1.0.0', '1.1.0');

    const outcome = await runDeployCommand(t, runner, { kind: 'deploy', connectorId: C, version: '1.0.0' }, APPROVER);

    expect(outcome).toMatchObject({
      kind: 'deploying',
      rollout: { id: 3, kind: 'manual', source: 'slack', image: image('1.0.0'), status: 'deploying', requestedBy: APPROVER },
      pin: undefined,
    });
    expect(runner.runs).toEqual([3]);
    expect(owed(t.sync).map((r) => `${r.kind} ${r.told.method} ${r.told.status}`)).toEqual(['post rolloutParent deploying', 'post rolloutReply deploying']);
  });

  it('is busy while another rollout of the connector is in flight', async () => {
    const t = withRollouts();
    await deployed(t, '1.0.0', '1.1.0');
    await runDeployCommand(t, fakeRunner(), { kind: 'deploy', connectorId: C, version: '1.0.0' }, APPROVER);

    expect(await runDeployCommand(t, fakeRunner(), { kind: 'rollback', connectorId: C }, APPROVER)).toMatchObject({ kind: 'busy', inFlight: { id: 3 } });
  });

  it('rolls back to the image deployed before the current one and pins the connector', async () => {
    const t = withRollouts();
    const runner = fakeRunner();
    await deployed(t, '1.0.0', '1.1.0');

    const outcome = await runDeployCommand(t, runner, { kind: 'rollback', connectorId: C }, APPROVER);

    expect(outcome).toMatchObject({
      kind: 'rolling-back',
      rollout: { id: 3, kind: 'rollback', version: '1.0.0', image: image('1.0.0'), rollbackOf: 2 },
      from: { id: 2, version: '1.1.0' },
    });
    expect(t.sync.rollouts.pinOf(C)).toMatchObject({ version: '1.0.0', pinnedBy: APPROVER, reason: 'rolled back from 1.1.0' });
    expect(owed(t.sync).find((r) => r.told.method === 'rolloutReply')!.told).toEqual({
      method: 'rolloutReply',
      rollout: 3,
      status: 'deploying',
      pinned: '1.0.0',
      other: 2,
    });
    expect(runner.runs).toEqual([3]);

    await runRollout(t, 3);
    expect(t.sync.rollouts.get(2)!.status).toBe('rolled_back');
    expect(
      owed(t.sync)
        .filter((r) => r.told.rollout === 2)
        .map((r) => `${r.kind} ${r.told.method} ${r.told.status}`),
    ).toEqual(['update rolloutParent rolled_back', 'post rolloutReply rolled_back']);
  });

  it('has nothing to roll back before anything was deployed, and no earlier image after only one', async () => {
    const t = withRollouts();
    t.deployer!.answer({ kind: 'failed', reason: 'refused', attempts: 1 });
    await deployed(t, '1.0.0');
    expect(await runDeployCommand(t, fakeRunner(), { kind: 'rollback', connectorId: C }, APPROVER)).toEqual({ kind: 'nothing-deployed', connectorId: C });

    await deployed(t, '1.1.0');
    expect(await runDeployCommand(t, fakeRunner(), { kind: 'rollback', connectorId: C }, APPROVER)).toMatchObject({
      kind: 'no-previous',
      current: { version: '1.1.0' },
    });
  });

  it('deploys a build held while pinned, in its own rollout, and the connector stays pinned', async () => {
    const t = withRollouts();
    await deployed(t, '1.0.0', '1.1.0');
    await runDeployCommand(t, fakeRunner(), { kind: 'rollback', connectorId: C }, APPROVER);
    await runRollout(t, 3);
    const held = await receiveBuild(t, { connectorId: C, image: image('1.2.0'), version: '1.2.0' }, 'build-notice');
    expect(held).toMatchObject({ kind: 'held', rollout: { id: 4 } });

    const outcome = await runDeployCommand(t, fakeRunner(), { kind: 'deploy', connectorId: C, version: '1.2.0' }, APPROVER);

    expect(outcome).toMatchObject({
      kind: 'deploying',
      rollout: { id: 4, kind: 'build', status: 'deploying', approvedBy: APPROVER },
      pin: { version: '1.0.0' },
    });
  });

  it('unpins a pinned connector, owes a notice in the release channel, and names the newest held build', async () => {
    const t = withRollouts();
    await deployed(t, '1.0.0', '1.1.0');
    await runDeployCommand(t, fakeRunner(), { kind: 'rollback', connectorId: C }, APPROVER);
    await runRollout(t, 3);
    await receiveBuild(t, { connectorId: C, image: image('1.2.0'), version: '1.2.0' }, 'build-notice');
    sendAll(t.sync);

    const outcome = await runDeployCommand(t, fakeRunner(), { kind: 'unpin', connectorId: C }, APPROVER);

    expect(outcome).toMatchObject({ kind: 'unpinned', connectorId: C, held: { id: 4, version: '1.2.0' } });
    expect(t.sync.rollouts.pinOf(C)).toBeUndefined();
    expect(owed(t.sync)).toMatchObject([
      { lane: `connector:${C}`, kind: 'post', channel: RELEASE_CHANNEL, told: { method: 'unpinned', connectorId: C, by: APPROVER } },
    ]);
  });

  it('says a connector is not pinned, or not known, when there is nothing to unpin', async () => {
    const t = withRollouts();
    expect(await runDeployCommand(t, fakeRunner(), { kind: 'unpin', connectorId: C }, APPROVER)).toEqual({ kind: 'unknown-connector', connectorId: C });
    await deployed(t, '1.0.0');
    expect(await runDeployCommand(t, fakeRunner(), { kind: 'unpin', connectorId: C }, APPROVER)).toEqual({ kind: 'not-pinned', connectorId: C });
    expect(t.sync.outbox.pending()).toEqual([]);
  });
});

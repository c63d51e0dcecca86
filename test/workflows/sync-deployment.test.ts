import { describe, expect, it } from 'vitest';
import { receiveBuild } from '../../src/workflows/receive-rollout.js';
import { runRollout } from '../../src/workflows/run-rollout.js';
import { syncDeployment } from '../../src/workflows/sync-deployment.js';
import { RolloutRunner } from '../../src/workflows/rollout-runner.js';
import { BackgroundWork } from '../../src/workflows/supervise.js';
import { makeDeps, owed, sendAll, TEST_YAML, type TestDeps } from './fakes/make-deps.js';
import { FakeDeployer } from './fakes/fake-deployer.js';

const yaml = `${TEST_YAML}
rollout:
  deployer: http
  url: https://deploy.test/hooks
`;

const rollOut = async (t: TestDeps, version: string) => {
  const { rollout } = await receiveBuild(t, { connectorId: 'connector-foo', image: `ghcr.io/acme/connector-foo:${version}`, version }, 'build-notice');
  return (await runRollout(t, rollout.id))!;
};
const states = (t: TestDeps) => t.deployments.of('connector-foo').map((d) => `${d.ref}: ${d.statuses.map((s) => s.state).join(' → ')}`);
const problems = (t: TestDeps) => owed(t.sync).filter((r) => r.told.method === 'rolloutDeploymentProblem');

describe('syncDeployment', () => {
  it('shows a rollout as a production deployment of its tag, in progress then successful, and the one it replaced inactive', async () => {
    const t = makeDeps({ yaml });
    await rollOut(t, '1.3.0');
    await rollOut(t, '1.4.0');

    expect(t.deployments.of('connector-foo')).toMatchObject([
      { ref: '1.3.0', environment: 'production', payload: { image: 'ghcr.io/acme/connector-foo:1.3.0', version: '1.3.0', rolloutId: 1 } },
      { ref: '1.4.0', environment: 'production', payload: { rolloutId: 2 } },
    ]);
    expect(states(t)).toEqual(['1.3.0: in_progress → success → inactive', '1.4.0: in_progress → success']);
    expect(t.deployments.of('connector-foo')[0]!.statuses[2]!.description).toBe('replaced by 1.4.0 (rollout #2)');
    expect(t.sync.rolloutDeployments.get(1)).toMatchObject({ deploymentId: 1, state: 'inactive', error: null });
    expect(t.sync.audit.entries({ subjectType: 'deployment', subjectId: '2' }).map((e) => e.action)).toEqual([
      'deployment-created',
      'deployment-in_progress',
      'deployment-success',
    ]);
    expect(problems(t)).toEqual([]);
  });

  it('marks a failed rollout failure with the reason, at most 140 characters', async () => {
    const t = makeDeps({
      yaml,
      deployer: new FakeDeployer().answer({ kind: 'failed', reason: `the deploy hook answered 409: ${'x'.repeat(200)}`, attempts: 1 }),
    });
    await rollOut(t, '1.4.0');
    const [d] = t.deployments.of('connector-foo');
    expect(d!.statuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
    expect(d!.statuses[1]!.description).toMatch(/^the deploy hook answered 409: x+…?$/);
    expect(d!.statuses[1]!.description.length).toBeLessThanOrEqual(140);
  });

  it('makes no deployment when no deployer is configured (the rollout fails and goes nowhere)', async () => {
    const t = makeDeps({ deployer: false });
    const done = await rollOut(t, '1.4.0');
    expect(done.status).toBe('failed');
    expect(t.deployments.all).toEqual([]);
    expect(problems(t)).toEqual([]);
    expect(t.sync.rolloutDeployments.get(1)!.error).toBe('no deployer is configured');
  });

  it('tells once in the thread when GitHub refuses the deployment, and the rollout is deployed all the same', async () => {
    const t = makeDeps({ yaml });
    t.deployments.refuse('connector-foo', 'GitHub refused it (422: No ref found for: 1.4.0)');
    const done = await rollOut(t, '1.4.0');
    expect(done.status).toBe('deployed');
    expect(t.deployer!.requests).toHaveLength(1);
    expect(problems(t).map((r) => r.told)).toEqual([
      { method: 'rolloutDeploymentProblem', rollout: 1, problem: '1.4.0 in connector-foo: GitHub refused it (422: No ref found for: 1.4.0)' },
    ]);
    expect(t.sync.rolloutDeployments.get(1)).toMatchObject({ deploymentId: null, state: null });
  });

  it('makes the replaced deployment inactive even when the new rollout has none of its own', async () => {
    const t = makeDeps({ yaml });
    await rollOut(t, '1.3.0');
    t.deployments.refuse('connector-foo', 'GitHub refused it (422: No ref found for: 1.4.0)');
    await rollOut(t, '1.4.0');
    expect(states(t)).toEqual(['1.3.0: in_progress → success → inactive']);
    expect(problems(t)).toHaveLength(1);
  });

  it('gives up the bookkeeping, not the rollout, when GitHub does not answer', async () => {
    const t = makeDeps({ yaml });
    t.deployments.failNext('setStatus');
    const done = await rollOut(t, '1.4.0');
    expect(done.status).toBe('deployed');
    expect(states(t)).toEqual(['1.4.0: ']);
    expect(problems(t)).toHaveLength(1);
    expect(problems(t)[0]!.told.problem).toMatch(/GitHub did not take it \(GitHub answered 502 to setStatus\)/);
  });

  it('after a crash, finds the deployment it created by the rollout in its payload, and sets no status twice', async () => {
    const t = makeDeps({ yaml });
    const { rollout } = await receiveBuild(t, { connectorId: 'connector-foo', image: 'ghcr.io/acme/connector-foo:1.4.0', version: '1.4.0' }, 'build-notice');
    // GitHub created it and took in_progress; the bot died before recording either.
    const made = await t.deployments.create('connector-foo', {
      ref: '1.4.0',
      environment: 'production',
      description: '',
      payload: { image: rollout.image, rolloutId: 1 },
    });
    if (made.kind !== 'created') throw new Error('expected a deployment');
    await t.deployments.setStatus('connector-foo', made.deployment.id, { state: 'in_progress', description: 'Deploying' });

    await syncDeployment(t, rollout);
    expect(t.deployments.of('connector-foo')).toHaveLength(1);
    expect(states(t)).toEqual(['1.4.0: in_progress']);
    expect(t.sync.rolloutDeployments.get(1)).toMatchObject({ deploymentId: made.deployment.id, state: 'in_progress' });
  });

  it('resumes an ended rollout whose deployment does not say so yet', async () => {
    const t = makeDeps({ yaml });
    const { rollout } = await receiveBuild(t, { connectorId: 'connector-foo', image: 'ghcr.io/acme/connector-foo:1.4.0', version: '1.4.0' }, 'build-notice');
    await syncDeployment(t, rollout);
    // The deployer's result is recorded; the bot dies before telling GitHub.
    await t.store.rollouts.finish(rollout.id, { kind: 'deployed', result: 'ok', attempts: 1 });
    // Slack was told everything: only GitHub's deployment is behind.
    t.sync.rollouts.setReported(rollout.id, 'deployed');
    sendAll(t.sync);
    expect(t.sync.rollouts.unfinished().map((r) => r.id)).toEqual([rollout.id]);
    const background = new BackgroundWork(t.logger);
    await new RolloutRunner(t, background).resumeAll();
    await background.idle();
    expect(states(t)).toEqual(['1.4.0: in_progress → success']);
    expect(t.sync.rollouts.unfinished()).toEqual([]);
  });
});

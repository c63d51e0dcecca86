import { afterEach, describe, expect, it } from 'vitest';
import { APPROVER, DEV_CHANNEL, RELEASE_CHANNEL, allText, startWorld, type World } from './world.js';
import { FAST_RETRY, FakeInfra, ROLLOUT_ENV, build, httpRolloutConfig, postBuild, releaseConnector } from './rollout-harness.js';

describe('rollouts as GitHub deployments', () => {
  let world: World;
  let infra: FakeInfra;
  /** GitHub's pace of writes (80 a minute) unless `fast`. */
  const start = async (o: { fast?: boolean } = { fast: true }) => {
    infra = await FakeInfra.start();
    const config = `${httpRolloutConfig(infra.url)}${o.fast ? 'github: { writesPerMinute: 6000 }\n' : ''}`;
    world = await startWorld({ config, env: ROLLOUT_ENV, deployRetry: FAST_RETRY });
  };
  afterEach(async () => {
    await world?.stop();
    await infra?.stop();
  });

  /** connector-foo with the tags CI built images of (the bot did not release them). */
  const tagged = (...versions: string[]) => {
    world.github.createRepo('connector-foo');
    for (const v of versions) {
      world.github.commit('connector-foo', `feat: ${v}`);
      world.github.tag('connector-foo', v);
    }
  };
  const rollOut = async (version: string) => {
    expect((await postBuild(world.bot.port, build(version))).status).toBe(202);
    await world.bot.idle();
  };
  const deployments = () => world.github.deployments('connector-foo');
  const story = () => deployments().map((d) => `${d.ref}: ${d.statuses.map((s) => s.state).join(' → ')}`);
  const thread = (ts: string) =>
    world.slack
      .replies(RELEASE_CHANNEL, ts)
      .map((m) => allText(m))
      .join('\n');

  it('shows a build notice rollout as one production deployment of the release tag: in progress, then success', async () => {
    await start({ fast: false });
    await releaseConnector(world);
    world.github.resetStats();
    const t0 = performance.now();
    await rollOut('1.4.0');
    const shownMs = performance.now() - t0;
    const putMs = infra.puts()[0]!.at - t0;

    expect(deployments()).toHaveLength(1);
    const [d] = deployments();
    const rollout = world.bot.store.rollouts.ofConnector('connector-foo')[0]!;
    expect(d).toMatchObject({
      ref: '1.4.0',
      sha: world.github.tags('connector-foo').find((t) => t.name === '1.4.0')!.sha,
      environment: 'production',
      production_environment: true,
      payload: { image: 'ghcr.io/acme/connector-foo:1.4.0', version: '1.4.0', rolloutId: rollout.id },
    });
    expect(d!.statuses).toMatchObject([
      { state: 'in_progress', description: 'Deploying ghcr.io/acme/connector-foo:1.4.0' },
      { state: 'success', description: 'Deployed ghcr.io/acme/connector-foo:1.4.0' },
    ]);
    // The deployment, its two statuses: three writes; the status reads before each are reads.
    expect(world.github.stats.writes).toBe(3);
    expect(world.bot.store.audit.entries({ subjectType: 'deployment' }).map((e) => e.action)).toEqual([
      'deployment-created',
      'deployment-in_progress',
      'deployment-success',
    ]);
    console.info(`[figures] build notice → deploy request: ${putMs.toFixed(0)} ms; → deployment success on GitHub (80 writes/min): ${shownMs.toFixed(0)} ms`);
  });

  it('marks a failed rollout failure with the reason, and the next successful one makes the one it replaced inactive', async () => {
    await start();
    tagged('1.3.0', '1.4.0', '1.5.0');
    await rollOut('1.3.0');
    infra.script = [500, 500, 500, 500];
    await rollOut('1.4.0');
    const failed = deployments()[1]!;
    expect(failed.state).toBe('failure');
    expect(failed.statuses.at(-1)!.description).toMatch(/^PUT http:\/\/127\.0\.0\.1:\d+\/api\/connectors\/connector-foo answered 500/);
    expect(story()).toEqual(['1.3.0: in_progress → success', '1.4.0: in_progress → failure']);

    await rollOut('1.5.0');
    expect(story()).toEqual(['1.3.0: in_progress → success → inactive', '1.4.0: in_progress → failure', '1.5.0: in_progress → success']);
    expect(deployments()[0]!.statuses.at(-1)!.description).toMatch(/replaced by 1\.5\.0 \(rollout #3\)/);
  });

  it('shows /deploy rollback as a deployment of the older tag, and the newer one inactive', async () => {
    await start();
    tagged('1.3.0', '1.4.0');
    await rollOut('1.3.0');
    await rollOut('1.4.0');
    await world.slack.slashCommand({ command: '/deploy', text: 'connector-foo rollback', userId: APPROVER, channelId: DEV_CHANNEL });
    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /Rollback of connector-foo to 1.3.0: deployed/.test(m.text)));
    await world.bot.idle();

    expect(story()).toEqual(['1.3.0: in_progress → success → inactive', '1.4.0: in_progress → success → inactive', '1.3.0: in_progress → success']);
    const rollback = world.bot.store.rollouts.ofConnector('connector-foo')[0]!;
    expect(rollback.kind).toBe('rollback');
    expect(deployments()[2]).toMatchObject({ ref: '1.3.0', payload: { rolloutId: rollback.id, image: 'ghcr.io/acme/connector-foo:1.3.0' } });
    // The older tag is behind main: only auto_merge false lets GitHub deploy it as it is.
    expect(deployments()[2]!.sha).toBe(world.github.tags('connector-foo').find((t) => t.name === '1.3.0')!.sha);
  });

  it('rolls out all the same when GitHub has no tag for the version, and says so once in the thread', async () => {
    await start();
    tagged('1.3.0');
    await rollOut('1.4.0');
    const own = world.slack.messages(RELEASE_CHANNEL).find((m) => /Rollout of connector-foo 1.4.0/.test(m.text))!;
    await world.slack.waitFor(() => /Deployed/.test(thread(own.ts)) && /not recorded/.test(thread(own.ts)));
    expect(infra.puts()).toHaveLength(1);
    expect(deployments()).toEqual([]);
    expect(world.slack.replies(RELEASE_CHANNEL, own.ts).filter((m) => /not recorded/.test(m.text))).toHaveLength(1);
    expect(thread(own.ts)).toMatch(
      /GitHub deployment of \*connector-foo\* `1.4.0` not recorded: 1.4.0 in connector-foo: GitHub refused it \(422: No ref found for: 1.4.0\)/,
    );
    expect(world.bot.store.rollouts.ofConnector('connector-foo')[0]!.status).toBe('deployed');
  });
});

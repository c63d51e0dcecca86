import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { spawnBot, type SpawnedBot } from './spawn-bot.js';
import { useSpawnedWorlds } from './spawned-world.js';
import { RELEASE_CHANNEL, allText, eventually } from './world.js';
import { FakeInfra, ROLLOUT_ENV, build, httpRolloutConfig, postBuild } from './rollout-harness.js';

describe('crash safety of a rollout', () => {
  const spawnedWorld = useSpawnedWorlds();

  it('finishes exactly once after a SIGKILL while the deploy request is in flight', async () => {
    const infra = await FakeInfra.start();
    const { slack, env, onCleanup, healthy: healthyBot } = await spawnedWorld({ config: httpRolloutConfig(infra.url), env: ROLLOUT_ENV });
    onCleanup(() => infra.stop());
    const healthy = () => healthyBot(bot);
    let bot: SpawnedBot = spawnBot(env);
    onCleanup(() => bot.kill());
    await slack.waitForConnection(20_000);
    await healthy();

    const ownMessage = () => slack.messages(RELEASE_CHANNEL).find((m) => /Rollout of connector-foo 1.4.0/.test(m.text));
    const replies = () => slack.replies(RELEASE_CHANNEL, ownMessage()!.ts).map((m) => allText(m));
    // The infrastructure has the request; once the thread says so (the outbox sends on its own
    // time, the deploy does not wait for Slack), and before the infrastructure answers, the bot dies.
    infra.hold = async () => {
      await slack.waitFor(() => ownMessage() && replies().some((r) => /Deploying/.test(r)), 10_000);
      bot.kill('SIGKILL');
      await bot.exited;
    };
    expect((await postBuild(await bot.port, build('1.4.0'))).status).toBe(202);
    expect((await bot.exited).signal).toBe('SIGKILL');
    infra.hold = undefined;
    expect(infra.puts()).toHaveLength(1);
    const own = ownMessage()!;
    expect(replies().join('\n')).toMatch(/Deploying/);
    expect(replies().join('\n')).not.toMatch(/Deployed/);

    const t0 = performance.now();
    bot = spawnBot(env);
    await slack.waitFor(() => replies().some((r) => /Deployed/.test(r)), 20_000);
    const resumedMs = performance.now() - t0;
    // The result was never recorded, so the request is made once more, and only once.
    expect(infra.puts()).toHaveLength(2);
    expect(infra.puts()[1]!.body).toEqual(infra.puts()[0]!.body);
    expect(replies().filter((r) => /received/.test(r))).toHaveLength(1);
    expect(replies().filter((r) => /Deploying/.test(r))).toHaveLength(1);
    expect(replies().filter((r) => /Deployed/.test(r))).toHaveLength(1);
    expect(allText(slack.message(RELEASE_CHANNEL, own.ts)!)).toMatch(/Deployed/);

    // Once recorded, a result is never redone: another restart makes no request.
    bot.kill('SIGTERM');
    await bot.exited;
    bot = spawnBot(env);
    await healthy();
    await new Promise((r) => setTimeout(r, 500));
    bot.kill('SIGTERM');
    await bot.exited;
    expect(infra.puts()).toHaveLength(2);
    expect(slack.messages(RELEASE_CHANNEL)).toHaveLength(1);

    const store = openStore(env.DATABASE_PATH!);
    onCleanup(() => store.close());
    expect(store.rollouts.ofConnector('connector-foo').map((r) => r.status)).toEqual(['deployed']);
    expect(store.audit.entries({ subjectType: 'rollout' }).map((e) => `${e.actor}:${e.action}`)).toEqual(['ci:receive', 'bot:deploying', 'bot:deployed']);
    expect(store.deliveries.pending()).toHaveLength(0);
    console.info(`[figures] restart after SIGKILL → deployed: ${resumedMs.toFixed(0)} ms`);
  }, 90_000);

  it('makes exactly one GitHub deployment, each status once, when killed after each deployment step', async () => {
    const infra = await FakeInfra.start();
    const config = `${httpRolloutConfig(infra.url)}github: { writesPerMinute: 6000 }\n`;
    const { slack, github, env, onCleanup, healthy: healthyBot } = await spawnedWorld({ config, env: ROLLOUT_ENV });
    onCleanup(() => infra.stop());
    github.createRepo('connector-foo');
    github.commit('connector-foo', 'feat: sync refunds');
    github.tag('connector-foo', '1.4.0');
    let bot: SpawnedBot = spawnBot(env);
    onCleanup(() => bot.kill());
    await slack.waitForConnection(20_000);
    await healthyBot(bot);

    // GitHub has made the change; the bot dies before it hears the answer.
    const killOn = (step: (r: { method: string; path: string; status: number }) => boolean) =>
      github.onBeforeRespond(async (r) => {
        if (!step(r)) return;
        github.onBeforeRespond(undefined);
        bot.kill('SIGKILL');
        await bot.exited;
      });
    const created = (r: { method: string; path: string; status: number }) => r.method === 'POST' && /\/deployments$/.test(r.path) && r.status === 201;
    const status = (r: { method: string; path: string; status: number }) =>
      r.method === 'POST' && /\/deployments\/\d+\/statuses$/.test(r.path) && r.status === 201;
    const deployment = () => github.deployments('connector-foo');

    killOn(created);
    expect((await postBuild(await bot.port, build('1.4.0'))).status).toBe(202);
    expect((await bot.exited).signal).toBe('SIGKILL');
    expect(deployment()).toMatchObject([{ ref: '1.4.0', state: null }]);

    // Found again by the rollout in its payload; killed once its in_progress is set…
    killOn(status);
    bot = spawnBot(env);
    expect((await bot.exited).signal).toBe('SIGKILL');
    expect(deployment()).toMatchObject([{ state: 'in_progress' }]);

    // …and once its success is set.
    killOn(status);
    bot = spawnBot(env);
    expect((await bot.exited).signal).toBe('SIGKILL');
    expect(deployment()).toMatchObject([{ state: 'success' }]);

    bot = spawnBot(env);
    await healthyBot(bot);
    const store = openStore(env.DATABASE_PATH!);
    onCleanup(() => store.close());
    await eventually(async () => (store.rolloutDeployments.get(1)?.state === 'success' ? true : undefined), 20_000);
    bot.kill('SIGTERM');
    await bot.exited;

    expect(deployment()).toHaveLength(1);
    expect(deployment()[0]!.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(deployment()[0]!.payload).toMatchObject({ rolloutId: 1, image: 'ghcr.io/acme/connector-foo:1.4.0' });
    expect(store.rollouts.get(1)).toMatchObject({ status: 'deployed' });
    expect(store.rolloutDeployments.get(1)).toMatchObject({ deploymentId: deployment()[0]!.id, state: 'success', error: null });
    expect(store.audit.entries({ subjectType: 'deployment' }).map((e) => e.action)).toEqual([
      'deployment-created',
      'deployment-in_progress',
      'deployment-success',
    ]);
    expect(
      slack
        .messages(RELEASE_CHANNEL)
        .flatMap((m) => slack.replies(RELEASE_CHANNEL, m.ts))
        .filter((m) => /not recorded/.test(m.text)),
    ).toEqual([]);
  }, 90_000);
});

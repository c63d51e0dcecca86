import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { spawnBot, type SpawnedBot } from './spawn-bot.js';
import { useSpawnedWorlds } from './spawned-world.js';
import { RELEASE_CHANNEL, allText } from './world.js';
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
});

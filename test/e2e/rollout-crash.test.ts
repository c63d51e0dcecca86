import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../src/sandbox/slack/slack-emulator.js';
import { GitHubEmulator } from '../../src/sandbox/github/github-emulator.js';
import { openStore } from '../../src/store/store.js';
import { spawnBot, type SpawnedBot } from './spawn-bot.js';
import { RELEASE_CHANNEL, allText, eventually, worldEnv } from './world.js';
import { FakeInfra, ROLLOUT_ENV, build, httpRolloutConfig, postBuild } from './rollout-harness.js';

describe('crash safety of a rollout', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup.length = 0;
  });

  it('finishes exactly once after a SIGKILL while the deploy request is in flight', async () => {
    const slack = await SlackEmulator.start({ channels: [{ id: RELEASE_CHANNEL, name: 'releases' }] });
    const github = await GitHubEmulator.start({ org: 'acme' });
    const infra = await FakeInfra.start();
    cleanup.push(
      () => slack.stop(),
      () => github.stop(),
      () => infra.stop(),
    );
    const dir = mkdtempSync(join(tmpdir(), 'release-bot-rollout-crash-'));
    writeFileSync(join(dir, 'release-bot.yml'), httpRolloutConfig(infra.url));
    const env: Record<string, string> = { ...worldEnv(slack, github, dir), ...ROLLOUT_ENV, PORT: '0' };
    const healthy = () =>
      eventually(
        async () =>
          fetch(`http://127.0.0.1:${await bot.port}/healthz`).then(
            (r) => (r.status === 200 ? r : undefined),
            () => undefined,
          ),
        20_000,
      );

    let bot: SpawnedBot = spawnBot(env);
    cleanup.push(() => bot.kill());
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
    cleanup.push(() => store.close());
    expect(store.rollouts.ofConnector('connector-foo').map((r) => r.status)).toEqual(['deployed']);
    expect(store.audit.entries({ subjectType: 'rollout' }).map((e) => `${e.actor}:${e.action}`)).toEqual(['ci:receive', 'bot:deploying', 'bot:deployed']);
    expect(store.deliveries.pending()).toHaveLength(0);
    console.info(`[figures] restart after SIGKILL → deployed: ${resumedMs.toFixed(0)} ms`);
  }, 90_000);
});

import { describe, expect, it } from 'vitest';
import { spawnBot, type SpawnedBot } from './spawn-bot.js';
import { useSpawnedWorlds } from './spawned-world.js';
import { APPROVER, RELEASE_CHANNEL } from './world.js';
import { TRAIN_CONFIG, expectedVersion, seedTrain } from './train-fixture.js';

describe('SIGTERM during a release train', () => {
  const spawnedWorld = useSpawnedWorlds();

  it('exits 0 within a few seconds, and a restart finishes the train exactly once', async () => {
    const { slack, github, env, onCleanup, healthy } = await spawnedWorld({
      config: TRAIN_CONFIG,
      env: { RELEASE_BOT_CARD_INTERVAL_MS: '200' },
      github: { latencyMs: 5 },
    });
    const { releasable } = seedTrain(github);

    let bot: SpawnedBot = spawnBot(env);
    onCleanup(() => bot.kill());
    await healthy(bot);
    await slack.slashCommand({ command: '/connectors', text: 'batch', userId: APPROVER, channelId: RELEASE_CHANNEL });
    const card = await slack.waitFor(() => slack.messages(RELEASE_CHANNEL).find((m) => /Release train/.test(m.text)), 15_000);

    let made = 0;
    let termAt = 0;
    github.onBeforeRespond((r) => {
      if (r.method === 'POST' && r.path.endsWith('/releases') && r.status === 201 && ++made === 7) {
        termAt = Date.now();
        bot.kill('SIGTERM');
      }
    });
    await slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: card.ts, actionId: 'batch_approve', userId: APPROVER });
    const exit = await bot.exited;
    const stopMs = Date.now() - termAt;
    github.onBeforeRespond(undefined);
    expect(exit.code).toBe(0);
    expect(stopMs).toBeLessThan(8000);
    expect(slack.replies(RELEASE_CHANNEL, card.ts).some((m) => /is done/.test(m.text))).toBe(false);

    bot = spawnBot(env);
    await slack.waitFor(() => slack.replies(RELEASE_CHANNEL, card.ts).find((m) => /is done/.test(m.text)), 40_000);
    for (const [name, head] of releasable) {
      const tags = github.tags(name).filter((t) => t.name === expectedVersion(name));
      expect(tags, name).toHaveLength(1);
      expect(tags[0]!.sha).toBe(head);
      expect(github.releases(name), name).toHaveLength(1);
    }
    expect(github.stats.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/releases') && r.status === 201)).toHaveLength(20);
    const summaries = slack.replies(RELEASE_CHANNEL, card.ts).filter((m) => /is done/.test(m.text));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.text).toContain('20 released, 0 failed');
    bot.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
  }, 90_000);
});

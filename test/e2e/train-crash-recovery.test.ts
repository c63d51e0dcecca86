import { describe, expect, it } from 'vitest';
import { spawnBot, type SpawnedBot } from './spawn-bot.js';
import { useSpawnedWorlds } from './spawned-world.js';
import { APPROVER, RELEASE_CHANNEL } from './world.js';
import { TRAIN_CONFIG, expectedVersion, seedTrain } from './train-fixture.js';

describe('crash safety of a release train', () => {
  const spawnedWorld = useSpawnedWorlds();

  it('finishes every connector exactly once after a SIGKILL right after GitHub made the 7th release of 12', async () => {
    const { slack, github, env, onCleanup, healthy } = await spawnedWorld({
      config: TRAIN_CONFIG,
      env: { RELEASE_BOT_CARD_INTERVAL_MS: '200' },
      github: { latencyMs: 5 },
    });
    const { releasable } = seedTrain(github, { releasable: 12 });

    let bot: SpawnedBot = spawnBot(env);
    onCleanup(() => bot.kill());
    await healthy(bot);
    await slack.slashCommand({ command: '/connectors', text: 'batch', userId: APPROVER, channelId: RELEASE_CHANNEL });
    const card = await slack.waitFor(() => slack.messages(RELEASE_CHANNEL).find((m) => /Release train/.test(m.text)), 15_000);

    let made = 0;
    github.onBeforeRespond(async (r) => {
      if (r.method === 'POST' && r.path.endsWith('/releases') && r.status === 201 && ++made === 7) {
        bot.kill('SIGKILL');
        await bot.exited;
      }
    });
    await slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: card.ts, actionId: 'batch_approve', userId: APPROVER });
    expect((await bot.exited).signal).toBe('SIGKILL');
    github.onBeforeRespond(undefined);
    const tagged = [...releasable.keys()].filter((n) => github.tags(n).some((t) => t.name === expectedVersion(n)));
    expect(tagged.length).toBeGreaterThanOrEqual(7);
    expect(tagged.length).toBeLessThan(12);

    bot = spawnBot(env);
    await slack.waitFor(() => slack.replies(RELEASE_CHANNEL, card.ts).find((m) => /is done/.test(m.text)), 40_000);
    for (const [name, head] of releasable) {
      const tags = github.tags(name).filter((t) => t.name === expectedVersion(name));
      expect(tags, name).toHaveLength(1);
      expect(tags[0]!.sha).toBe(head);
      expect(github.releases(name), name).toHaveLength(1);
    }
    const releasesMade = github.stats.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/releases') && r.status === 201);
    expect(releasesMade).toHaveLength(12);
    // one write per connector: no tag object, no ref of its own
    expect(github.stats.requests.filter((r) => r.method === 'POST' && /\/git\/(refs|tags)$/.test(r.path))).toHaveLength(0);
    expect(slack.replies(RELEASE_CHANNEL, card.ts).find((m) => /is done/.test(m.text))!.text).toContain('12 released, 0 failed');
    bot.kill('SIGTERM');
    await bot.exited;
  }, 90_000);
});

import { sign } from '@octokit/webhooks-methods';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { spawnBot, type SpawnedBot } from './spawn-bot.js';
import { useSpawnedWorlds } from './spawned-world.js';
import { APPROVER, RELEASE_CHANNEL, WEBHOOK_SECRET, seedWidget } from './world.js';

describe('crash safety of a release', () => {
  const spawnedWorld = useSpawnedWorlds();

  it('finishes exactly once after a SIGKILL right after the tag was created', async () => {
    const { slack, github, env, onCleanup, healthy } = await spawnedWorld({ config: 'defaultBump: patch\n' });
    const { before, after } = seedWidget(github);

    let bot: SpawnedBot = spawnBot(env);
    onCleanup(() => bot.kill());
    await slack.waitForConnection(20_000);
    const body = JSON.stringify(github.pushPayload('widget', { before, after }));
    await healthy(bot);
    const signed = await fetch(`http://127.0.0.1:${await bot.port}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': 'crash-1',
        'x-hub-signature-256': await sign(WEBHOOK_SECRET, body),
      },
      body,
    });
    expect(signed.status).toBe(202);
    const proposal = await slack.waitFor(() => slack.messages(RELEASE_CHANNEL)[0], 15_000);

    // The moment GitHub has made the tag's ref, and before the bot hears back: kill it.
    github.onBeforeRespond(async (r) => {
      if (r.method === 'POST' && r.path.endsWith('/git/refs') && r.status === 201) {
        bot.kill('SIGKILL');
        await bot.exited;
      }
    });
    await slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    const exit = await bot.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(github.tags('widget').find((t) => t.name === 'v1.3.0')?.sha).toBe(after);
    expect(github.releases('widget')).toHaveLength(0);
    github.onBeforeRespond(undefined);

    bot = spawnBot(env);
    await slack.waitFor(() => slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)), 20_000);
    expect(github.releases('widget')).toHaveLength(1);
    expect(github.tags('widget').filter((t) => t.name === 'v1.3.0')).toHaveLength(1);
    expect(github.stats.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/git/refs') && r.status === 201)).toHaveLength(1);
    expect(slack.replies(RELEASE_CHANNEL, proposal.ts).some((m) => /already pointed at/.test(m.text))).toBe(true);
    bot.kill('SIGTERM');
    await bot.exited;
  }, 60_000);

  it('proposes each push of a burst once after a SIGKILL between their answers and their work', async () => {
    const { slack, github, env, onCleanup, healthy } = await spawnedWorld({ config: 'defaultBump: patch\n' });
    const repos = Array.from({ length: 10 }, (_, i) => `service-${i}`);
    const payloads = repos.map((repo) => {
      github.createRepo(repo);
      github.commit(repo, 'feat: first');
      github.tag(repo, 'v1.0.0');
      const before = github.head(repo);
      return JSON.stringify(github.pushPayload(repo, { before, after: github.commit(repo, 'fix: a bug') }));
    });
    let bot: SpawnedBot = spawnBot(env);
    onCleanup(() => bot.kill());
    await slack.waitForConnection(20_000);
    await healthy(bot);
    const url = `http://127.0.0.1:${await bot.port}/api/github/webhooks`;
    // A burst: every push stored and answered; their work waits for a lull in the intake, and the bot dies first.
    const answers = await Promise.all(
      payloads.map(async (body, i) =>
        fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'push',
            'x-github-delivery': `burst-${i}`,
            'x-hub-signature-256': await sign(WEBHOOK_SECRET, body),
          },
          body,
        }),
      ),
    );
    bot.kill('SIGKILL');
    await bot.exited;
    expect(answers.map((a) => a.status)).toEqual(repos.map(() => 202));
    const db = new Database(env.DATABASE_PATH!, { readonly: true });
    const pending = (db.prepare("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'pending'").get() as { n: number }).n;
    db.close();
    // Stored before they were answered, and not yet handled when the bot died.
    expect(pending).toBeGreaterThan(0);

    bot = spawnBot(env);
    await slack.waitFor(() => slack.messages(RELEASE_CHANNEL).length >= repos.length || undefined, 30_000);
    await healthy(bot);
    await new Promise((r) => setTimeout(r, 500));
    const proposed = slack.messages(RELEASE_CHANNEL).map((m) => /service-\d/.exec(m.text)?.[0]);
    expect(proposed.sort()).toEqual([...repos].sort());
    const after = new Database(env.DATABASE_PATH!, { readonly: true });
    expect(after.prepare("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'pending'").get()).toEqual({ n: 0 });
    after.close();
    bot.kill('SIGTERM');
    await bot.exited;
  }, 60_000);
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from '@octokit/webhooks-methods';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../src/sandbox/slack/slack-emulator.js';
import { GitHubEmulator } from '../../src/sandbox/github/github-emulator.js';
import { spawnBot, type SpawnedBot } from './spawn-bot.js';
import { APPROVER, RELEASE_CHANNEL, WEBHOOK_SECRET, eventually, seedWidget, worldEnv } from './world.js';

describe('crash safety of a release', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup.length = 0;
  });

  it('finishes exactly once after a SIGKILL right after the tag was created', async () => {
    const slack = await SlackEmulator.start({ users: [{ id: APPROVER, name: 'alice' }], channels: [{ id: RELEASE_CHANNEL, name: 'releases' }] });
    const github = await GitHubEmulator.start({ org: 'acme' });
    cleanup.push(
      () => slack.stop(),
      () => github.stop(),
    );
    const dir = mkdtempSync(join(tmpdir(), 'release-bot-crash-'));
    writeFileSync(join(dir, 'release-bot.yml'), 'defaultBump: patch\n');
    const env = { ...worldEnv(slack, github, dir), PORT: '0' };
    const { before, after } = seedWidget(github);

    let bot: SpawnedBot = spawnBot(env);
    cleanup.push(() => bot.kill());
    await slack.waitForConnection(20_000);
    const body = JSON.stringify(github.pushPayload('widget', { before, after }));
    await eventually(
      async () =>
        fetch(`http://127.0.0.1:${await bot.port}/healthz`).then(
          (r) => (r.status === 200 ? r : undefined),
          () => undefined,
        ),
      20_000,
    );
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
});

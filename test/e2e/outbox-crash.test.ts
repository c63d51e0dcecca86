import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from '@octokit/webhooks-methods';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../src/sandbox/slack/slack-emulator.js';
import { GitHubEmulator } from '../../src/sandbox/github/github-emulator.js';
import { spawnBot, type SpawnedBot } from './spawn-bot.js';
import { APPROVER, RELEASE_CHANNEL, WEBHOOK_SECRET, eventually, seedWidget, worldEnv } from './world.js';

describe('crash safety of the Slack outbox', () => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup.length = 0;
  });

  it('posts every kind of message once after a SIGKILL between Slack taking it and the bot recording it', async () => {
    const slack = await SlackEmulator.start({ users: [{ id: APPROVER, name: 'alice' }], channels: [{ id: RELEASE_CHANNEL, name: 'releases' }] });
    const github = await GitHubEmulator.start({ org: 'acme' });
    cleanup.push(() => slack.stop(), () => github.stop());
    const dir = mkdtempSync(join(tmpdir(), 'release-bot-outbox-crash-'));
    writeFileSync(join(dir, 'release-bot.yml'), 'defaultBump: patch\n');
    const env = { ...worldEnv(slack, github, dir), PORT: String(20000 + Math.floor(Math.random() * 20000)) };
    const { before, after } = seedWidget(github);

    let bot: SpawnedBot = spawnBot(env);
    cleanup.push(() => bot.kill());
    const kills: string[] = [];
    /** The next chat.postMessage Slack accepts whose text matches: the bot dies before it hears the answer. */
    const killAt = (kind: string, text: RegExp) => slack.onBeforeRespond(async ({ method, args, answer }) => {
      if (method === 'chat.postMessage' && answer.body.ok === true && text.test(String(args.text))) {
        slack.onBeforeRespond(undefined);
        kills.push(kind);
        bot.kill('SIGKILL');
        await bot.exited;
      }
    });
    const restart = async () => {
      expect((await bot.exited).signal).toBe('SIGKILL');
      bot = spawnBot(env);
    };

    await eventually(() => fetch(`http://127.0.0.1:${env.PORT}/healthz`).then((r) => (r.status === 200 ? r : undefined), () => undefined), 20_000);
    killAt('proposal', /→/);
    const body = JSON.stringify(github.pushPayload('widget', { before, after }));
    await fetch(`http://127.0.0.1:${env.PORT}/api/github/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': 'outbox-crash-1', 'x-hub-signature-256': await sign(WEBHOOK_SECRET, body) },
      body,
    });
    await restart();
    const proposal = await slack.waitFor(() => slack.messages(RELEASE_CHANNEL)[0], 15_000);
    await slack.waitForConnection(20_000);

    killAt('approved reply', /approved/);
    await slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    await restart();
    for (const [kind, text] of [['tagged reply', /Tagged/], ['published reply', /Published/], ['notice', /is released/]] as const) {
      killAt(kind, text);
      await restart();
    }
    await slack.waitFor(() => slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)), 20_000);
    expect(kills).toEqual(['proposal', 'approved reply', 'tagged reply', 'published reply', 'notice']);

    const top = slack.messages(RELEASE_CHANNEL);
    expect(top.map((m) => (/is released/.test(m.text) ? 'notice' : 'proposal'))).toEqual(['proposal', 'notice']);
    const thread = slack.replies(RELEASE_CHANNEL, proposal.ts).map((m) => m.text);
    expect(thread.filter((t) => /approved/.test(t))).toHaveLength(1);
    expect(thread.filter((t) => /Tagged/.test(t))).toHaveLength(1);
    expect(thread.filter((t) => /Published/.test(t))).toHaveLength(1);
    expect(thread).toHaveLength(3);
    expect(github.releases('widget')).toHaveLength(1);
    bot.kill('SIGTERM');
    await bot.exited;
  }, 90_000);
});

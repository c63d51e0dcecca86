import { sign } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import { spawnBot, type SpawnedBot } from './spawn-bot.js';
import { useSpawnedWorlds } from './spawned-world.js';
import { APPROVER, RELEASE_CHANNEL, WEBHOOK_SECRET, seedWidget } from './world.js';
import { FakeInfra, ROLLOUT_ENV, build, postBuild } from './rollout-harness.js';

describe('crash safety of the Slack outbox', () => {
  const spawnedWorld = useSpawnedWorlds();

  it('posts every kind of message once after a SIGKILL between Slack taking it and the bot recording it', async () => {
    const { slack, github, env, onCleanup, healthy } = await spawnedWorld({ config: 'defaultBump: patch\n' });
    const { before, after } = seedWidget(github);

    let bot: SpawnedBot = spawnBot(env);
    onCleanup(() => bot.kill());
    const kills: string[] = [];
    /** The next chat.postMessage Slack accepts whose text matches: the bot dies before it hears the answer. */
    const killAt = (kind: string, text: RegExp) =>
      slack.onBeforeRespond(async ({ method, args, answer }) => {
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

    await healthy(bot);
    killAt('proposal', /→/);
    const body = JSON.stringify(github.pushPayload('widget', { before, after }));
    await fetch(`http://127.0.0.1:${await bot.port}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': 'outbox-crash-1',
        'x-hub-signature-256': await sign(WEBHOOK_SECRET, body),
      },
      body,
    });
    await restart();
    const proposal = await slack.waitFor(() => slack.messages(RELEASE_CHANNEL)[0], 15_000);
    await slack.waitForConnection(20_000);

    killAt('approved reply', /approved/);
    await slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    await restart();
    for (const [kind, text] of [
      ['tagged reply', /Tagged/],
      ['published reply', /Published/],
      ['notice', /is released/],
    ] as const) {
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

  it('posts a release train card, its thread and the messages of a rollout once after a SIGKILL between Slack taking each and the bot recording it', async () => {
    const infra = await FakeInfra.start();
    const { slack, github, env, onCleanup } = await spawnedWorld({
      config: `approvers: [${APPROVER}]\nrollout:\n  deployer: http\n  url: ${infra.url}/api/connectors\n  tokenEnv: DEPLOY_TOKEN\n`,
      env: { ...ROLLOUT_ENV, RELEASE_BOT_CARD_INTERVAL_MS: '100' },
    });
    onCleanup(() => infra.stop());
    for (const name of ['connector-a', 'connector-b']) {
      github.createRepo(name);
      github.commit(name, 'feat: first sync');
      github.tag(name, '1.0.0');
      github.commit(name, 'fix: token refresh');
    }

    let bot: SpawnedBot = spawnBot(env);
    onCleanup(() => bot.kill());
    const kills: string[] = [];
    const killAt = (kind: string, method: string, text: RegExp) =>
      slack.onBeforeRespond(async ({ method: m, args, answer }) => {
        if (m === method && answer.body.ok === true && text.test(String(args.text))) {
          slack.onBeforeRespond(undefined);
          kills.push(kind);
          bot.kill('SIGKILL');
          await bot.exited;
        }
      });
    const restart = async () => {
      expect((await bot.exited).signal).toBe('SIGKILL');
      bot = spawnBot(env);
      await slack.waitForConnection(20_000);
    };
    await slack.waitForConnection(20_000);

    killAt('card', 'chat.postMessage', /Release train/);
    await slack.slashCommand({ command: '/connectors', text: 'batch', userId: APPROVER, channelId: RELEASE_CHANNEL });
    await restart();
    const card = await slack.waitFor(() => slack.messages(RELEASE_CHANNEL).find((m) => /Release train/.test(m.text)), 15_000);
    killAt('train approved reply', 'chat.postMessage', /approved the release train/);
    await slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: card.ts, actionId: 'batch_approve', userId: APPROVER });
    await restart();
    killAt('train summary', 'chat.postMessage', /is done/);
    await restart();
    await slack.waitFor(() => slack.replies(RELEASE_CHANNEL, card.ts).find((m) => /is done/.test(m.text)), 20_000);

    killAt('rollout message', 'chat.postMessage', /Rollout of connector-z/);
    expect((await postBuild(await bot.port, build('3.0.0', 'connector-z'))).status).toBe(202);
    await restart();
    const own = await slack.waitFor(() => slack.messages(RELEASE_CHANNEL).find((m) => /Rollout of connector-z/.test(m.text)), 15_000);
    await slack.waitFor(() => slack.replies(RELEASE_CHANNEL, own.ts).find((m) => /Deployed/.test(m.text)), 20_000);
    expect(kills).toEqual(['card', 'train approved reply', 'train summary', 'rollout message']);

    expect(slack.messages(RELEASE_CHANNEL).filter((m) => /Release train/.test(m.text))).toHaveLength(1);
    const train = slack.replies(RELEASE_CHANNEL, card.ts).map((m) => m.text);
    expect(train.filter((t) => /approved the release train/.test(t))).toHaveLength(1);
    expect(train.filter((t) => /is done/.test(t))).toHaveLength(1);
    expect(slack.messages(RELEASE_CHANNEL).filter((m) => /Rollout of connector-z/.test(m.text))).toHaveLength(1);
    const rollout = slack.replies(RELEASE_CHANNEL, own.ts).map((m) => m.text);
    for (const said of [/received/, /Deploying/, /Deployed/])
      expect(
        rollout.filter((t) => said.test(t)),
        String(said),
      ).toHaveLength(1);
    expect(github.releases('connector-a')).toHaveLength(1);
    // The kill may land while the deploy request is in flight: the restart repeats it (deployers are safe to repeat), never a third time.
    expect(infra.puts().length).toBeLessThanOrEqual(2);
    expect(new Set(infra.puts().map((p) => JSON.stringify(p.body))).size).toBe(1);
    bot.kill('SIGTERM');
    await bot.exited;
  }, 120_000);
});

import { sign } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import type { SlackEmulator } from '../../src/sandbox/slack/slack-emulator.js';
import type { GitHubEmulator } from '../../src/sandbox/github/github-emulator.js';
import { spawnBot, type SpawnedBot } from './spawn-bot.js';
import { useSpawnedWorlds, type SpawnedWorld } from './spawned-world.js';
import { APPROVER, RELEASE_CHANNEL, WEBHOOK_SECRET, eventually, seedWidget } from './world.js';

/** widget's releases need green checks; the slow poll is far off, so only a webhook or a restart reads them again. */
const CHECKS_CONFIG = 'policies:\n  - { repos: [widget], requireChecks: true }\n';
const SLOW_POLL = { RELEASE_BOT_CHECKS_POLL_MS: '600000' };

/**
 * The real bot as a child process, killed (SIGKILL) at a chosen moment and started again on the
 * same database: "kill the process between any two steps, start it again, and the work finishes
 * exactly once, on GitHub and in Slack" (issue 12, DESIGN.md §8).
 */
function crashable(w: SpawnedWorld) {
  const { slack, github, env } = w;
  let bot: SpawnedBot = spawnBot(env);
  w.onCleanup(() => bot.kill());
  const kill = async () => {
    bot.kill('SIGKILL');
    await bot.exited;
  };
  return {
    get bot() {
      return bot;
    },
    /** The next `method` Slack accepts whose text matches: the bot dies before it hears Slack's answer. */
    killWhenSlackTakes(text: RegExp, method = 'chat.postMessage') {
      slack.onBeforeRespond(async ({ method: m, args, answer }) => {
        if (m !== method || answer.body.ok !== true || !text.test(String(args.text))) return;
        slack.onBeforeRespond(undefined);
        await kill();
      });
    },
    /** The next request GitHub gets that matches: the bot dies before it hears GitHub's answer. */
    killWhenGitHubHears(request: (r: { method: string; path: string; status: number }) => boolean) {
      github.onBeforeRespond(async (r) => {
        if (!request(r)) return;
        github.onBeforeRespond(undefined);
        await kill();
      });
    },
    async killed(): Promise<void> {
      expect((await bot.exited).signal).toBe('SIGKILL');
    },
    /** Starts it again, on the same database, and waits for it to answer /healthz (database and Slack up). */
    async restart(): Promise<void> {
      const t0 = performance.now();
      bot = spawnBot(env);
      await w.healthy(bot);
      console.info(`[figures] restart → healthy ${(performance.now() - t0).toFixed(0)} ms`);
    },
    async push(delivery: string, c: { before: string; after: string }): Promise<void> {
      const body = JSON.stringify(github.pushPayload('widget', c));
      const res = await fetch(`http://127.0.0.1:${await bot.port}/api/github/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'push',
          'x-github-delivery': delivery,
          'x-hub-signature-256': await sign(WEBHOOK_SECRET, body),
        },
        body,
      });
      expect(res.status).toBe(202);
    },
    /**
     * Once the notice is in the channel: every message the bot owes is sent (a message owed twice
     * would be in the channel now), then the bot stops. Returns its database, to read the audit.
     */
    async settle(): Promise<Store> {
      await slack.waitFor(() => slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)), 20_000);
      const store = openStore(env.DATABASE_PATH!);
      w.onCleanup(() => store.close());
      await eventually(async () => (store.outbox.backlog().pending === 0 ? true : undefined), 10_000);
      bot.kill('SIGTERM');
      await bot.exited;
      expect(store.outbox.backlog()).toMatchObject({ pending: 0, failed: 0 });
      return store;
    },
  };
}

const count = (texts: string[], pattern: RegExp) => texts.filter((t) => pattern.test(t)).length;
const threadOf = (slack: SlackEmulator, ts: string) => slack.replies(RELEASE_CHANNEL, ts).map((m) => m.text);
const channel = (slack: SlackEmulator) => slack.messages(RELEASE_CHANNEL).map((m) => m.text);
const proposalIn = (slack: SlackEmulator) => slack.waitFor(() => slack.messages(RELEASE_CHANNEL).find((m) => /→/.test(m.text)), 15_000);
const approve = (slack: SlackEmulator, ts: string) =>
  slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: ts, actionId: 'release_approve', userId: APPROVER });
const command = (slack: SlackEmulator, text: string) => slack.slashCommand({ command: '/release', text, userId: APPROVER, channelId: RELEASE_CHANNEL });
const releaseAudit = (store: Store) => store.audit.entries({ subjectType: 'release', subjectId: '1' }).map((e) => `${e.actor}:${e.action}`);

/** One tag v1.3.0 on the proposed commit, made once; one GitHub release, made once. */
function expectReleasedOnce(github: GitHubEmulator, sha: string): void {
  expect(github.tags('widget').filter((t) => t.name === 'v1.3.0')).toMatchObject([{ sha }]);
  expect(github.releases('widget').map((r) => r.tag_name)).toEqual(['v1.3.0']);
  const made = (path: RegExp) => github.stats.requests.filter((r) => r.method === 'POST' && path.test(r.path) && r.status === 201);
  expect(made(/\/widget\/git\/refs$/)).toHaveLength(1);
  expect(made(/\/widget\/releases$/)).toHaveLength(1);
}

describe('crash safety of the gates (freezes, requireChecks, break-glass)', () => {
  const spawnedWorld = useSpawnedWorlds();

  it('releases once when the checks a release waited for turned green while the bot was down', async () => {
    const world = await spawnedWorld({ config: CHECKS_CONFIG, env: SLOW_POLL });
    const { slack, github } = world;
    const { before, after } = seedWidget(github);
    github.ci.setStatus('widget', after, { context: 'ci/build', state: 'success' });
    const e2e = github.ci.createCheckRun('widget', after, { name: 'e2e', status: 'in_progress' });
    const t = crashable(world);
    await world.healthy(t.bot);
    await t.push('gate-crash-checks', { before, after });
    const proposal = await proposalIn(slack);

    // Slack has the "waits" reply; the bot dies before it records that it was sent.
    t.killWhenSlackTakes(/waits for the checks/);
    await approve(slack, proposal.ts);
    await t.killed();
    expect(github.tags('widget').map((r) => r.name)).not.toContain('v1.3.0');

    // CI finishes while the bot is down: nobody delivers the webhook, and the poll is 10 minutes away.
    github.ci.completeCheckRun('widget', e2e.id, 'success');
    const t0 = performance.now();
    await t.restart();
    const store = await t.settle();
    console.info(`[figures] restart after SIGKILL → release notice, checks green while down: ${(performance.now() - t0).toFixed(0)} ms`);

    expectReleasedOnce(github, after);
    const thread = threadOf(slack, proposal.ts);
    expect(count(thread, /waits for the checks/)).toBe(1);
    expect(count(thread, /passed: tagging `v1\.3\.0`/)).toBe(1);
    expect(count(thread, /Tagged/)).toBe(1);
    expect(count(thread, /Published/)).toBe(1);
    expect(count(channel(slack), /is released/)).toBe(1);
    expect(count(channel(slack), /→/)).toBe(1);
    expect(releaseAudit(store)).toEqual([
      'github:propose',
      `${APPROVER}:approved`,
      'bot:checks-wait',
      'bot:checks-go',
      'bot:tagged',
      'bot:published',
      'bot:notified',
    ]);
  }, 30_000);

  it('keeps a release held by a freeze across a SIGKILL, and releases it once after /release unfreeze, even when killed again as the freeze ends', async () => {
    const world = await spawnedWorld({ config: 'defaultBump: patch\n' });
    const { slack, github } = world;
    const { before, after } = seedWidget(github);
    const t = crashable(world);
    await world.healthy(t.bot);
    await command(slack, 'freeze all "incident 42"');
    await slack.waitFor(() => channel(slack).find((m) => /are frozen: incident 42/.test(m)), 10_000);
    await t.push('gate-crash-freeze', { before, after });
    const proposal = await proposalIn(slack);

    // Slack has the "held" reply; the bot dies before it records that it was sent.
    t.killWhenSlackTakes(/held by the freeze: incident 42/);
    await approve(slack, proposal.ts);
    await t.killed();
    await t.restart();
    // what a restart looks at again (the freeze watcher, the runner's gate) holds it, and the reply in doubt is settled
    const meanwhile = openStore(world.env.DATABASE_PATH!);
    world.onCleanup(() => meanwhile.close());
    await eventually(async () => (meanwhile.outbox.backlog().pending === 0 ? true : undefined), 10_000);
    expect(meanwhile.releases.get(1)).toMatchObject({ status: 'approved', frozen: { reason: 'incident 42' } });
    expect(github.tags('widget').map((r) => r.name)).not.toContain('v1.3.0');

    // The channel has the "freeze is over" notice; the bot dies before it records that it was sent,
    // whatever the release had done by then.
    t.killWhenSlackTakes(/freeze of all repositories is over/);
    const unfrozen = command(slack, 'unfreeze all');
    await t.killed();
    await unfrozen;
    const t0 = performance.now();
    await t.restart();
    const store = await t.settle();
    console.info(`[figures] restart after SIGKILL at the unfreeze notice → release notice: ${(performance.now() - t0).toFixed(0)} ms`);

    expectReleasedOnce(github, after);
    const thread = threadOf(slack, proposal.ts);
    expect(count(thread, /held by the freeze/)).toBe(1);
    expect(thread).toHaveLength(4);
    expect(count(thread, /approved `v1\.3\.0`/)).toBe(1);
    expect(count(thread, /Tagged/)).toBe(1);
    expect(count(thread, /Published/)).toBe(1);
    expect(count(channel(slack), /are frozen: incident 42/)).toBe(1);
    expect(count(channel(slack), /freeze of all repositories is over/)).toBe(1);
    expect(count(channel(slack), /is released/)).toBe(1);
    expect(releaseAudit(store)).toEqual(['github:propose', `${APPROVER}:approved`, 'bot:held', 'bot:tagged', 'bot:published', 'bot:notified']);
    expect(store.audit.entries({ subjectType: 'freeze' }).map((e) => e.action)).toEqual(['freeze', 'unfreeze']);
  }, 30_000);

  it('releases once past a freeze when break-glass submitted the modal and the bot died right after recording the bypass', async () => {
    const world = await spawnedWorld({ config: `breakGlass: [${APPROVER}]\n` });
    const { slack, github, env } = world;
    const { before, after } = seedWidget(github);
    const t = crashable(world);
    await world.healthy(t.bot);
    await command(slack, 'freeze all "incident 42"');
    await slack.waitFor(() => channel(slack).find((m) => /are frozen: incident 42/.test(m)), 10_000);
    await t.push('gate-crash-break-glass', { before, after });
    const proposal = await proposalIn(slack);
    await approve(slack, proposal.ts);
    await slack.waitFor(() => threadOf(slack, proposal.ts).find((m) => /held by the freeze/.test(m)), 10_000);

    await slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_anyway', userId: APPROVER });
    await slack.waitFor(() => slack.openViews(APPROVER).length > 0 || undefined, 10_000);
    // The bypass is recorded, and the release goes on at once: its first GitHub request is the
    // tag's lookup. The bot dies before it hears the answer.
    t.killWhenGitHubHears((r) => /\/repos\/acme\/widget\//.test(r.path));
    await slack.submitView({ userId: APPROVER, values: { reason: 'the fix for incident 42 itself' } });
    await t.killed();
    const atKill = openStore(env.DATABASE_PATH!);
    expect(atKill.releases.get(1)).toMatchObject({ status: 'approved', bypasses: [{ by: APPROVER, what: ['freeze'] }] });
    atKill.close();
    expect(github.tags('widget').map((r) => r.name)).not.toContain('v1.3.0');

    const t0 = performance.now();
    await t.restart();
    const store = await t.settle();
    console.info(`[figures] restart after SIGKILL past the bypass → release notice: ${(performance.now() - t0).toFixed(0)} ms`);

    expectReleasedOnce(github, after);
    const thread = threadOf(slack, proposal.ts);
    expect(count(thread, /released this anyway, past the freeze: the fix for incident 42 itself/)).toBe(1);
    expect(count(thread, /held by the freeze/)).toBe(1);
    expect(count(thread, /Tagged/)).toBe(1);
    expect(count(channel(slack), /is released/)).toBe(1);
    expect(store.releases.get(1)?.bypasses).toHaveLength(1);
    expect(releaseAudit(store)).toEqual([
      'github:propose',
      `${APPROVER}:approved`,
      'bot:held',
      `${APPROVER}:break-glass`,
      'bot:tagged',
      'bot:published',
      'bot:notified',
    ]);
  }, 30_000);
  it('releases once past red checks when break-glass submitted the modal and the bot died before it read the checks again', async () => {
    const world = await spawnedWorld({ config: `${CHECKS_CONFIG}breakGlass: [${APPROVER}]\n`, env: SLOW_POLL });
    const { slack, github, env } = world;
    const { before, after } = seedWidget(github);
    const lint = github.ci.createCheckRun('widget', after, { name: 'lint', detailsUrl: 'https://ci.example/acme/widget/runs/lint' });
    github.ci.completeCheckRun('widget', lint.id, 'failure');
    const t = crashable(world);
    await world.healthy(t.bot);
    await t.push('gate-crash-red-checks', { before, after });
    const proposal = await proposalIn(slack);
    await approve(slack, proposal.ts);
    await slack.waitFor(() => threadOf(slack, proposal.ts).find((m) => /checks failed/.test(m)), 10_000);

    await slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_anyway', userId: APPROVER });
    await slack.waitFor(() => slack.openViews(APPROVER).length > 0 || undefined, 10_000);
    // The bypass is recorded and the failed release approved again; the gate's read of the checks
    // is its first GitHub request. The bot dies before it hears the answer.
    t.killWhenGitHubHears((r) => /\/repos\/acme\/widget\//.test(r.path));
    await slack.submitView({ userId: APPROVER, values: { reason: 'lint is broken on main, the fix is the release' } });
    await t.killed();
    const atKill = openStore(env.DATABASE_PATH!);
    expect(atKill.releases.get(1)).toMatchObject({ status: 'approved', bypasses: [{ by: APPROVER, what: ['checks'] }] });
    atKill.close();

    const t0 = performance.now();
    await t.restart();
    const store = await t.settle();
    console.info(`[figures] restart after SIGKILL past a checks bypass → release notice: ${(performance.now() - t0).toFixed(0)} ms`);

    expectReleasedOnce(github, after);
    const thread = threadOf(slack, proposal.ts);
    // in order, each once: no second "failed", no "waits", the bypass told once
    expect(thread.map((m) => /approved|failed|released this anyway|Tagged|Published|waits/.exec(m)?.[0])).toEqual([
      'approved',
      'failed',
      'released this anyway',
      'Tagged',
      'Published',
    ]);
    expect(count(channel(slack), /is released/)).toBe(1);
    expect(releaseAudit(store)).toEqual([
      'github:propose',
      `${APPROVER}:approved`,
      'bot:checks-block',
      'bot:failed',
      `${APPROVER}:break-glass`,
      `${APPROVER}:approved`,
      'bot:checks-go',
      'bot:tagged',
      'bot:published',
      'bot:notified',
    ]);
    expect(store.audit.entries({ subjectType: 'release', subjectId: '1' }).find((e) => e.action === 'checks-go')?.reason).toMatch(
      new RegExp(`checks bypassed by ${APPROVER}: lint is broken`),
    );
  }, 30_000);
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from '@octokit/webhooks-methods';
import { SlackEmulator, type SlackEmulatorOptions } from '../../src/sandbox/slack/slack-emulator.js';
import { GitHubEmulator, type GitHubEmulatorOptions } from '../../src/sandbox/github/github-emulator.js';
import { startBot, type BotOptions, type RunningBot } from '../../src/main.js';
import type { Store } from '../../src/store/store.js';

export const APPROVER = 'U0APPROVER';
export const DEVELOPER = 'U0DEVELOPER';
export const GROUP_MEMBER = 'U0GROUPIE';
export const RELEASE_CHANNEL = 'C0RELEASES';
export const DEV_CHANNEL = 'C0DEV';
export const WEBHOOK_SECRET = 'whsec-test-4f0c2a';

export interface World {
  slack: SlackEmulator;
  github: GitHubEmulator;
  /** the bot in this process, on SQLite: its store is there to read */
  bot: RunningBot & { store: Store };
  env: Record<string, string>;
  logs: string[];
  dir: string;
  /** POSTs a webhook to the bot, signed for real unless told otherwise */
  webhook(event: string, payload: unknown, o?: { id?: string; secret?: string; signature?: string | null }): Promise<{ status: number; body: string }>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

let deliveries = 0;

export async function startWorld(
  o: {
    config?: string;
    github?: GitHubEmulatorOptions;
    /** Slack emulator options over the world's users and channels */
    slack?: Pick<SlackEmulatorOptions, 'responseUrlTtlMs'>;
    /** more environment, over the defaults (BUILD_WEBHOOK_SECRET, DEPLOY_TOKEN…); a function gets the GitHub emulator (to register an App first) */
    env?: Record<string, string> | ((github: GitHubEmulator) => Record<string, string>);
    /** defaults to leave out (GITHUB_TOKEN, for a bot that has only a GitHub App) */
    withoutEnv?: string[];
    deployRetry?: BotOptions['deployRetry'];
    outboxBackoff?: BotOptions['outboxBackoff'];
    githubRetry?: BotOptions['githubRetry'];
    /** the bot's clock (a test moves it forward instead of waiting) */
    now?: BotOptions['now'];
  } = {},
): Promise<World> {
  const slack = await SlackEmulator.start({
    users: [
      { id: APPROVER, name: 'alice' },
      { id: DEVELOPER, name: 'bob' },
      { id: GROUP_MEMBER, name: 'carol' },
    ],
    usergroups: { S0RELEASERS: [GROUP_MEMBER] },
    channels: [
      { id: RELEASE_CHANNEL, name: 'releases' },
      { id: DEV_CHANNEL, name: 'dev' },
    ],
    ...o.slack,
  });
  const github = await GitHubEmulator.start({ org: 'acme', ...o.github });
  const dir = mkdtempSync(join(tmpdir(), 'release-bot-'));
  writeFileSync(join(dir, 'release-bot.yml'), o.config ?? 'approvers: [S0RELEASERS]\nexclude: [infra-*]\nrepos:\n  site: { tagPrefix: t }\n');
  const env: Record<string, string> = { ...worldEnv(slack, github, dir), ...(typeof o.env === 'function' ? o.env(github) : o.env) };
  for (const name of o.withoutEnv ?? []) delete env[name];
  const logs: string[] = [];
  const sink = { write: (line: string) => logs.push(line) };
  const boot = async () => {
    const started = await startBot({
      env,
      sink,
      logLevel: 'debug',
      deployRetry: o.deployRetry,
      outboxBackoff: o.outboxBackoff,
      githubRetry: o.githubRetry,
      now: o.now,
    });
    const { store } = started;
    if (!store) throw new Error('the test world runs the bot on SQLite');
    return Object.assign(started, { store });
  };
  let bot = await boot();
  await slack.waitForConnection();
  const world: World = {
    slack,
    github,
    env,
    logs,
    dir,
    get bot() {
      return bot;
    },
    async webhook(event, payload, w = {}) {
      const body = JSON.stringify(payload);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': w.id ?? `delivery-${process.pid}-${++deliveries}`,
        'user-agent': 'GitHub-Hookshot/test',
      };
      const signature = w.signature === undefined ? await sign(w.secret ?? WEBHOOK_SECRET, body) : w.signature;
      if (signature !== null) headers['x-hub-signature-256'] = signature;
      const res = await fetch(`http://127.0.0.1:${bot.port}/api/github/webhooks`, { method: 'POST', headers, body });
      return { status: res.status, body: await res.text() };
    },
    async restart() {
      await bot.idle();
      await bot.stop();
      bot = await boot();
      await slack.waitForConnection();
    },
    async stop() {
      await bot.idle().catch(() => {});
      await bot.stop().catch(() => {});
      await slack.stop().catch(() => {});
      await github.stop().catch(() => {});
    },
  } as World;
  return world;
}

export function worldEnv(slack: SlackEmulator, github: GitHubEmulator, dir: string): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_APP_TOKEN: slack.appToken,
    SLACK_API_URL: slack.apiUrl,
    GITHUB_TOKEN: github.token,
    GITHUB_API_URL: github.apiUrl,
    GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
    GITHUB_ORG: 'acme',
    RELEASE_CHANNEL,
    RELEASE_APPROVERS: APPROVER,
    DATABASE_PATH: join(dir, 'data', 'release-bot.db'),
    PORT: '0',
    RELEASE_BOT_CONFIG: join(dir, 'release-bot.yml'),
  };
}

/** widget: released v1.2.3, then a fix and a feature on main. Returns the head sha and the sha before the push. */
export function seedWidget(github: GitHubEmulator): { before: string; after: string } {
  github.createRepo('widget');
  github.commit('widget', 'chore: initial commit');
  github.commit('widget', 'feat: first feature');
  github.tag('widget', 'v1.2.3', { annotated: true });
  github.tag('widget', 'latest');
  const before = github.head('widget');
  github.commit('widget', 'fix: handle empty input', { author: { name: 'Bob', email: 'bob@example.com', username: 'bob' } });
  const after = github.commit('widget', 'feat(api): add the export endpoint', { author: { name: 'Ann', email: 'ann@example.com', username: 'ann' } });
  return { before, after };
}

/** Every text a message shows: fallback text and every text object in its blocks. */
export function allText(message: { text?: string; blocks?: unknown }): string {
  const parts: string[] = [message.text ?? ''];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'text' && typeof v === 'string') parts.push(v);
        else walk(v);
      }
    }
  };
  walk(message.blocks);
  return parts.join('\n');
}

/** Polls an async probe until it returns a value. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

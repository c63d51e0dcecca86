import { openStore } from '../store/store.js';
import { seedHistory } from './seed-history.js';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BotError } from '../errors.js';
import { startBot, type RunningBot } from '../main.js';
import type { LineSink } from '../logger.js';
import { GitHubEmulator } from './github/github-emulator.js';
import { OutsideWorld } from './page/outside-world.js';
import { sandboxPage } from './page/page-routes.js';
import type { PageUser } from './page/page-state.js';
import { SlackEmulator } from './slack/slack-emulator.js';
import { SANDBOX_CONFIG, SANDBOX_DEVELOPER, seedOrganisation } from './seed-organisation.js';

export const SANDBOX_USERS = { approver: { id: 'U0APPROVER', name: 'alice (approver)' }, developer: { id: 'U0DEVELOPER', name: 'bob (developer)' } };
export const SANDBOX_CHANNELS = [
  { id: 'C0RELEASES', name: 'releases' },
  { id: 'C0DEV', name: 'dev' },
];
export const SANDBOX_WEBHOOK_SECRET = 'sandbox-webhook-secret';
export const SANDBOX_BUILD_SECRET = 'sandbox-build-secret';

export interface Sandbox {
  bot: RunningBot;
  slack: SlackEmulator;
  github: GitHubEmulator;
  /** the page: `http://localhost:PORT/` */
  url: string;
  databasePath: string;
  stop(): Promise<void>;
}

/**
 * The real bot wired to the embedded Slack and GitHub emulators on loopback, with the sandbox
 * page on the bot's own port. Its database is a file under ./data/ (or SANDBOX_DATA_DIR) like in
 * production, started afresh each time because the emulated organisation is fresh too.
 */
export async function startSandbox(o: { env: Record<string, string | undefined>; sink: LineSink; port?: number }): Promise<Sandbox> {
  const slack = await SlackEmulator.start({ users: Object.values(SANDBOX_USERS), channels: SANDBOX_CHANNELS });
  const github = await GitHubEmulator.start({ org: 'acme', latencyMs: 20 });
  const repos = seedOrganisation(github);
  const dataDir = resolve(o.env.SANDBOX_DATA_DIR ?? './data');
  mkdirSync(dataDir, { recursive: true });
  const configPath = join(dataDir, 'sandbox-release-bot.yml');
  writeFileSync(configPath, SANDBOX_CONFIG);
  const databasePath = join(dataDir, 'sandbox.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${databasePath}${suffix}`, { force: true });
  seedPastWeeks(databasePath);

  const users: PageUser[] = [
    { ...SANDBOX_USERS.approver, approver: true },
    { ...SANDBOX_USERS.developer, approver: false },
  ];
  let bot: RunningBot | undefined;
  const outside = new OutsideWorld({
    github,
    botOrigin: () => `http://127.0.0.1:${bot?.port ?? 0}`,
    webhookSecret: SANDBOX_WEBHOOK_SECRET,
    buildSecret: SANDBOX_BUILD_SECRET,
    author: SANDBOX_DEVELOPER,
    delivery: (id) => bot?.store?.deliveries.get(id),
    ci: (repo) => repos.some((r) => r.name === repo && r.ci),
  });
  const page = sandboxPage({ slack, github, users, repos }, outside);
  const env = {
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_APP_TOKEN: slack.appToken,
    SLACK_API_URL: slack.apiUrl,
    GITHUB_TOKEN: github.token,
    GITHUB_API_URL: github.apiUrl,
    GITHUB_WEBHOOK_SECRET: SANDBOX_WEBHOOK_SECRET,
    BUILD_WEBHOOK_SECRET: SANDBOX_BUILD_SECRET,
    GITHUB_ORG: 'acme',
    RELEASE_CHANNEL: 'C0RELEASES',
    RELEASE_APPROVERS: SANDBOX_USERS.approver.id,
    DATABASE_PATH: databasePath,
    PORT: String(o.port ?? o.env.PORT ?? 3000),
    RELEASE_BOT_CONFIG: configPath,
    LOG_LEVEL: o.env.LOG_LEVEL ?? 'warn',
  };
  const stopEmulators = async () => {
    page.close();
    await slack.stop();
    await github.stop();
  };
  try {
    // Loopback only: the page acts as any user it likes, so it is not for the network.
    bot = await startBot({ env, sink: o.sink, logLevel: env.LOG_LEVEL, routes: page.routes, host: '127.0.0.1' });
  } catch (error) {
    await stopEmulators();
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      // A setting to change (PORT), so the CLI prints it as one line and exits 1.
      throw new BotError('port_in_use', { port: env.PORT }, { cause: error });
    }
    throw error;
  }
  const running = bot;
  await slack.waitForConnection();
  const url = `http://localhost:${running.port}/`;
  o.sink.write(
    'release-bot sandbox: the real bot against embedded Slack and GitHub emulators; no credentials needed.\n' +
      `  open:     ${url}\n` +
      `  webhook:  ${url}api/github/webhooks (secret ${SANDBOX_WEBHOOK_SECRET})\n` +
      `  database: ${databasePath}\n`,
  );
  return {
    bot: running,
    slack,
    github,
    url,
    databasePath,
    async stop() {
      page.close();
      // Let work in flight come to rest (a release half-way would resume next time, but the
      // emulated organisation will not be there), without waiting forever on it.
      await Promise.race([running.idle().catch(() => {}), new Promise((r) => setTimeout(r, 5000).unref())]);
      await running.stop();
      await stopEmulators();
    },
  };
}

/** Weeks of releases, rollouts and a rollback, so `/release stats` and `/connectors status` show something real on first use. */
function seedPastWeeks(databasePath: string): void {
  const now = new Date();
  let at = now;
  const store = openStore(databasePath, () => at);
  try {
    seedHistory(store, (t) => (at = t), now);
  } finally {
    store.close();
  }
}

import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startBot, type RunningBot } from '../main.js';
import type { LineSink } from '../logger.js';
import { GitHubEmulator } from './github/github-emulator.js';
import { SlackEmulator } from './slack/slack-emulator.js';
import { SANDBOX_CONFIG, seedOrganisation } from './seed-organisation.js';

export const SANDBOX_USERS = { approver: { id: 'U0APPROVER', name: 'alice (approver)' }, developer: { id: 'U0DEVELOPER', name: 'bob (developer)' } };
export const SANDBOX_CHANNELS = [{ id: 'C0RELEASES', name: 'releases' }, { id: 'C0DEV', name: 'dev' }];
export const SANDBOX_WEBHOOK_SECRET = 'sandbox-webhook-secret';
export const SANDBOX_BUILD_SECRET = 'sandbox-build-secret';

export interface Sandbox {
  bot: RunningBot;
  slack: SlackEmulator;
  github: GitHubEmulator;
  url: string;
  stop(): Promise<void>;
}

/**
 * The real bot wired to the embedded Slack and GitHub emulators on loopback. Its database is a
 * file under ./data/ like in production.
 */
export async function startSandbox(o: { env: Record<string, string | undefined>; sink: LineSink; port?: number }): Promise<Sandbox> {
  const slack = await SlackEmulator.start({ users: Object.values(SANDBOX_USERS), channels: SANDBOX_CHANNELS });
  const github = await GitHubEmulator.start({ org: 'acme', latencyMs: 20 });
  seedOrganisation(github);
  const dataDir = resolve(o.env.SANDBOX_DATA_DIR ?? './data');
  mkdirSync(dataDir, { recursive: true });
  const configPath = join(dataDir, 'sandbox-release-bot.yml');
  writeFileSync(configPath, SANDBOX_CONFIG);
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
    // A fresh database each start: the emulated organisation is fresh too.
    DATABASE_PATH: join(dataDir, `sandbox-${Date.now()}.db`),
    PORT: String(o.port ?? o.env.PORT ?? 3000),
    RELEASE_BOT_CONFIG: configPath,
    LOG_LEVEL: o.env.LOG_LEVEL ?? 'warn',
  };
  const bot = await startBot({ env, sink: o.sink, logLevel: env.LOG_LEVEL });
  await slack.waitForConnection();
  const url = `http://localhost:${bot.port}/`;
  o.sink.write(`release-bot sandbox: the real bot against embedded Slack and GitHub emulators.\n  page:    ${url}\n  webhook: ${url}api/github/webhooks (secret ${SANDBOX_WEBHOOK_SECRET})\n`);
  return {
    bot, slack, github, url,
    async stop() {
      await bot.stop();
      await slack.stop();
      await github.stop();
    },
  };
}

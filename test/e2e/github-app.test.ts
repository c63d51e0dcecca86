import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BotError } from '../../src/errors.js';
import { GitHubEmulator } from '../../src/sandbox/github/github-emulator.js';
import { startBot } from '../../src/main.js';
import { spawnBot } from './spawn-bot.js';
import { TRAIN_CONFIG, expectedVersion, seedTrain } from './train-fixture.js';
import { APPROVER, RELEASE_CHANNEL, WEBHOOK_SECRET, allText, seedWidget, startWorld, type World } from './world.js';

/** The App's variables as an operator sets them: the PEM on one line, with `\n` escapes. */
const appEnv = (app: { appId: number; privateKey: string }) => ({
  GITHUB_APP_ID: String(app.appId),
  GITHUB_APP_PRIVATE_KEY: app.privateKey.trim().replace(/\n/g, '\\n'),
});

const rateLimitLine = (logs: string[]) =>
  logs.map((l) => JSON.parse(l) as { msg: string; rateLimit?: { via: string; limit: number; remaining: number } }).find((l) => l.rateLimit);

describe('the bot as a GitHub App', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  it('proposes and releases with App credentials only, its requests made with installation tokens', async () => {
    let privateKey = '';
    world = await startWorld({
      withoutEnv: ['GITHUB_TOKEN'],
      env: (github) => {
        const app = github.createApp();
        privateKey = app.privateKey;
        return appEnv(app);
      },
    });
    expect(world.env.GITHUB_TOKEN).toBeUndefined();
    expect(world.logs.join('\n')).toMatch(/authenticating to GitHub as the GitHub App \d+, installation \d+ on acme/);
    expect(rateLimitLine(world.logs)?.rateLimit).toMatchObject({ via: 'app', limit: 5000 });
    expect(world.github.stats.rateLimitChecks).toBe(1);

    const { before, after } = seedWidget(world.github);
    expect((await world.webhook('push', world.github.pushPayload('widget', { before, after }))).status).toBe(202);
    const w = world;
    const proposal = await w.slack.waitFor(() => w.slack.messages(RELEASE_CHANNEL).find((m) => /→/.test(m.text)));
    expect(proposal.text).toContain('v1.2.3 → v1.3.0');
    await w.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    const notice = await w.slack.waitFor(() => w.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)));
    const releases = w.github.releases('widget');
    expect(releases.map((r) => r.tag_name)).toEqual(['v1.3.0']);
    expect(w.github.tags('widget').find((t) => t.name === 'v1.3.0')?.sha).toBe(after);
    expect(allText(notice)).toContain(releases[0]!.html_url);
    // the emulator takes only its own token or an installation token: everything went through the App
    expect(w.github.installationTokensIssued).toBeGreaterThanOrEqual(1);
    expect(w.github.stats.requests.filter((r) => r.status === 401)).toEqual([]);
    const keyLine = privateKey.split('\n')[5]!;
    expect(w.logs.join('\n')).not.toContain(keyLine);
    expect(w.logs.join('\n')).not.toMatch(/ghs_/);
  }, 30_000);

  it('finishes a release train while its installation tokens expire every 2 s, every connector released once', async () => {
    let releasable = new Map<string, string>();
    world = await startWorld({
      // 300 writes a minute: the 20 releases take about 4 s, two token lives and more
      config: TRAIN_CONFIG.replace('writesPerMinute: 6000', 'writesPerMinute: 300'),
      github: { installationTokenTtlMs: 2000, latencyMs: 10 },
      withoutEnv: ['GITHUB_TOKEN'],
      env: (github) => {
        releasable = seedTrain(github).releasable;
        return appEnv(github.createApp());
      },
    });
    // 30 repositories: 5,000 + 50 × (30 − 20)
    expect(rateLimitLine(world.logs)?.rateLimit).toMatchObject({ via: 'app', limit: 5500 });
    const w = world;
    await w.slack.slashCommand({ command: '/connectors', text: 'batch', userId: APPROVER, channelId: RELEASE_CHANNEL });
    const card = await w.slack.waitFor(() => w.slack.messages(RELEASE_CHANNEL).find((m) => /Release train/.test(m.text)), 10_000);
    const tokensBefore = w.github.installationTokensIssued;
    const approvedAt = Date.now();
    await w.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: card.ts, actionId: 'batch_approve', userId: APPROVER });
    const summary = await w.slack.waitFor(() => w.slack.replies(RELEASE_CHANNEL, card.ts).find((m) => /is done/.test(m.text)), 60_000);
    const trainMs = Date.now() - approvedAt;
    expect(summary.text).toContain('20 released, 0 failed');
    for (const name of releasable.keys())
      expect(
        w.github.releases(name).map((r) => r.tag_name),
        name,
      ).toEqual([expectedVersion(name)]);
    const created = w.github.stats.requests.filter((r) => r.method === 'POST' && /\/releases$/.test(r.path) && r.status === 201);
    expect(created).toHaveLength(20);
    // tokens were minted during the train, not just at its start
    const minted = w.github.installationTokensIssued - tokensBefore;
    expect(trainMs).toBeGreaterThan(3000);
    expect(minted).toBeGreaterThanOrEqual(2);
    const refused = w.github.stats.requests.filter((r) => r.status === 401).length;
    console.log(`train of 20 with 2 s tokens: ${trainMs} ms, ${minted} tokens minted during it, ${refused} requests refused with 401`);
  }, 60_000);

  it('mints a new token and tries once more when GitHub refuses the one it has (revoked before its time)', async () => {
    world = await startWorld({ withoutEnv: ['GITHUB_TOKEN'], env: (github) => appEnv(github.createApp()) });
    const w = world;
    seedWidget(w.github);
    const minted = w.github.installationTokensIssued;
    w.github.revokeInstallationTokens();
    await w.slack.slashCommand({ command: '/release', text: 'widget', userId: APPROVER, channelId: RELEASE_CHANNEL });
    const proposal = await w.slack.waitFor(() => w.slack.messages(RELEASE_CHANNEL).find((m) => /→/.test(m.text)), 15_000);
    expect(proposal.text).toContain('v1.2.3 → v1.3.0');
    expect(w.github.installationTokensIssued).toBe(minted + 1);
    expect(w.github.stats.requests.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
    expect(w.logs.join('\n')).toContain('GitHub refused the installation token (401): minting a new one and trying again once');
  }, 30_000);

  it('reports the rate limit of a token for the same organisation: 5,000 whatever its size', async () => {
    world = await startWorld({
      env: (github) => {
        seedTrain(github);
        return {};
      },
    });
    expect(world.logs.join('\n')).toContain('authenticating to GitHub with GITHUB_TOKEN');
    expect(rateLimitLine(world.logs)?.rateLimit).toMatchObject({ via: 'token', limit: 5000 });
  });
});

describe('start-up with a GitHub App that cannot work', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  async function productionEnv(extra: (github: GitHubEmulator) => Record<string, string>) {
    const github = await GitHubEmulator.start({ org: 'acme' });
    stops.push(() => github.stop());
    const dir = mkdtempSync(join(tmpdir(), 'release-bot-app-'));
    writeFileSync(join(dir, 'release-bot.yml'), 'approvers: [U0APPROVER]\n');
    const env: Record<string, string> = {
      // Slack is never reached: GitHub is checked first
      SLACK_BOT_TOKEN: 'xoxb-never-used',
      SLACK_APP_TOKEN: 'xapp-never-used',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      GITHUB_API_URL: github.apiUrl,
      GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
      GITHUB_ORG: 'acme',
      RELEASE_CHANNEL,
      DATABASE_PATH: join(dir, 'release-bot.db'),
      PORT: '0',
      RELEASE_BOT_CONFIG: join(dir, 'release-bot.yml'),
      ...extra(github),
    };
    return { github, env };
  }

  async function startFailure(env: Record<string, string>): Promise<BotError> {
    const error = await startBot({ env, sink: { write: () => {} } }).then(
      () => new Error('the bot started'),
      (e: unknown) => e,
    );
    if (!(error instanceof BotError)) throw error;
    return error;
  }

  it('exits 1 naming a private key the App does not know, and what to do, never printing the key', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const { env } = await productionEnv((github) => ({
      ...appEnv({ appId: github.createApp().appId, privateKey: stranger }),
      GITHUB_TOKEN: 'ghp_verysecretgithubtoken',
    }));
    const bot = spawnBot(env);
    stops.push(async () => bot.kill());
    expect((await bot.exited).code).toBe(1);
    const out = bot.output();
    expect(out).toContain('the GitHub App wins over GITHUB_TOKEN');
    expect(out).toMatch(/GitHub refused the JSON Web Token signed for GitHub App \d+ \(401: A JSON web token could not be decoded\)/);
    expect(out).toContain('generate a new one under Private keys');
    expect(out).not.toContain(stranger.split('\n')[3]!);
    expect(out).not.toContain('ghp_verysecretgithubtoken');
  }, 30_000);

  it('exits 1 naming a private key that does not parse', async () => {
    const { env } = await productionEnv((github) => ({
      GITHUB_APP_ID: String(github.createApp().appId),
      GITHUB_APP_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEAtruncated-in-the-paste\\n-----END RSA PRIVATE KEY-----',
    }));
    const bot = spawnBot(env);
    stops.push(async () => bot.kill());
    expect((await bot.exited).code).toBe(1);
    expect(bot.output()).toMatch(/GITHUB_APP_PRIVATE_KEY: the private key does not parse \(.+\): paste the whole \.pem file/);
    expect(bot.output()).not.toContain('truncated-in-the-paste');
  }, 30_000);

  it('stops when the App is not installed on the organisation, or its installation lacks permissions, saying where to fix it', async () => {
    const notInstalled = await productionEnv((github) => appEnv(github.createApp({ installed: false })));
    const e1 = await startFailure(notInstalled.env);
    expect(e1.code).toBe('github_app_not_installed');
    expect(e1.message).toMatch(/GitHub App \d+ is not installed on the organisation acme \(404, GET \/orgs\/acme\/installation\)/);
    expect(e1.fix).toContain('Install App');

    const readOnly = await productionEnv((github) =>
      appEnv(github.createApp({ permissions: { contents: 'read', metadata: 'read', checks: 'read', statuses: 'read', packages: 'read' } })),
    );
    const e2 = await startFailure(readOnly.env);
    expect(e2.code).toBe('github_app_permissions_missing');
    expect(e2.message).toBe(
      "The GitHub App's installation on acme lacks permissions the bot needs: contents: write (granted: read), deployments: write (not granted)",
    );
    expect(e2.fix).toContain('Permissions & events');

    // an installation ID given by hand that is not this App's
    const wrongId = await productionEnv((github) => ({ ...appEnv(github.createApp()), GITHUB_APP_INSTALLATION_ID: '999' }));
    expect((await startFailure(wrongId.env)).message).toBe(`GitHub App ${wrongId.env.GITHUB_APP_ID} has no installation 999 on the organisation acme`);
  }, 30_000);
});

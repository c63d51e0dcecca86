/**
 * Release-train benchmark (issue "Connector release trains"): N connectors in the GitHub
 * emulator with latency per request and GitHub's content-creation limit scaled down in time;
 * the real bot (a child process, as `npm start` runs it) discovers, proposes and releases them.
 * Prints wall time, GitHub reads and writes, 403s met, peak concurrency, the bot's peak RSS and
 * two ratios from the same run: wall ÷ lower bound (writes ÷ allowed rate) and wall ÷ a naive
 * loop over the repositories with REST calls.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { SlackEmulator } from '../src/sandbox/slack/slack-emulator.js';
import { GitHubEmulator, type GitHubEmulatorOptions } from '../src/sandbox/github/github-emulator.js';
import { spawnBot } from '../test/e2e/spawn-bot.js';
import { worldEnv } from '../test/e2e/world.js';

const CONNECTORS = Number(process.env.BENCH_CONNECTORS ?? 500);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 30);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 6000);
const WRITES_PER_WINDOW = 80;
const APPROVER = 'U0APPROVER';
const CHANNEL = 'C0RELEASES';

const emulatorOptions: GitHubEmulatorOptions = { org: 'acme', latencyMs: LATENCY_MS, writeLimit: { max: WRITES_PER_WINDOW, windowMs: WINDOW_MS } };

function seed(github: GitHubEmulator): void {
  for (let i = 0; i < CONNECTORS; i++) {
    const name = `connector-${String(i).padStart(4, '0')}`;
    github.createRepo(name);
    github.commit(name, 'feat: first sync');
    github.tag(name, '1.0.0');
    github.commit(name, i % 3 ? 'fix: token refresh' : 'feat: incremental sync');
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

async function botRun() {
  const slack = await SlackEmulator.start({ users: [{ id: APPROVER, name: 'alice' }], channels: [{ id: CHANNEL, name: 'releases' }] });
  const github = await GitHubEmulator.start(emulatorOptions);
  seed(github);
  const dir = mkdtempSync(join(tmpdir(), 'release-bot-bench-'));
  const writesPerMinute = Math.floor((WRITES_PER_WINDOW * 60_000) / WINDOW_MS);
  writeFileSync(join(dir, 'release-bot.yml'), `approvers: [${APPROVER}]\ngithub:\n  writesPerMinute: ${writesPerMinute}\n  concurrency: 8\n`);
  const env = { ...worldEnv(slack, github, dir), PORT: String(30000 + Math.floor(Math.random() * 20000)), LOG_LEVEL: 'warn' };
  // The build, as production runs it (tsx's compile-on-load would add its own memory to the bot's).
  const bot = spawnBot(env, { entry: 'dist', nodeOptions: process.env.BOT_NODE_OPTIONS?.split(' ').filter(Boolean) });
  await slack.waitForConnection(30_000);
  github.resetStats();

  const t0 = performance.now();
  await slack.slashCommand({ command: '/connectors', text: 'batch', userId: APPROVER, channelId: CHANNEL });
  const card = await slack.waitFor(() => slack.messages(CHANNEL).find((m) => /Release train/.test(m.text)), 120_000);
  const discoveryMs = performance.now() - t0;
  const discovery = { reads: github.stats.reads, graphql: github.stats.graphql };

  const t1 = performance.now();
  await slack.clickButton({ channelId: CHANNEL, messageTs: card.ts, actionId: 'batch_approve', userId: APPROVER });
  const summary = await slack.waitFor(() => slack.replies(CHANNEL, card.ts).find((m) => /is done/.test(m.text)), 30 * 60_000);
  const wallMs = performance.now() - t1;
  const status = readFileSync(`/proc/${bot.child.pid}/status`, 'utf8');
  const peakRssKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stats = { ...github.stats };
  const released = [...Array(CONNECTORS).keys()].filter((i) => github.releases(`connector-${String(i).padStart(4, '0')}`).length === 1).length;
  bot.kill('SIGTERM');
  await bot.exited;
  await slack.stop();
  await github.stop();
  return { discoveryMs, discovery, wallMs, summary: summary.text, peakRssKb, stats, released, chatUpdates: slack.calls('chat.update').length };
}

/** One repository after another with REST calls, sleeping on a secondary limit as its retry-after says. */
async function naiveRun() {
  const github = await GitHubEmulator.start(emulatorOptions);
  seed(github);
  const octokit = new Octokit({ auth: github.token, baseUrl: github.apiUrl, log: { debug() {}, info() {}, warn() {}, error() {} } });
  const call = async <T>(f: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await f();
      } catch (error) {
        const e = error as { status?: number; response?: { headers?: Record<string, string> } };
        if (e.status !== 403) throw error;
        await sleep(Number(e.response?.headers?.['retry-after'] ?? 1) * 1000);
      }
    }
  };
  const owner = github.org;
  const t0 = performance.now();
  const repos = await octokit.paginate(octokit.rest.repos.listForOrg, { org: owner, per_page: 100 });
  for (const { name: repo } of repos) {
    const tags = await octokit.paginate(octokit.rest.repos.listTags, { owner, repo, per_page: 100 });
    const latest = tags[0]!.name;
    const { data: branch } = await octokit.rest.repos.getBranch({ owner, repo, branch: 'main' });
    const { data: cmp } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${latest}...${branch.commit.sha}` });
    if (cmp.commits.length === 0) continue;
    const next = cmp.commits.some((c) => c.commit.message.startsWith('feat')) ? '1.1.0' : '1.0.1';
    const tag = await call(() => octokit.rest.git.createTag({ owner, repo, tag: next, message: next, object: branch.commit.sha, type: 'commit' }));
    await call(() => octokit.rest.git.createRef({ owner, repo, ref: `refs/tags/${next}`, sha: tag.data.sha }));
    await call(() => octokit.rest.repos.createRelease({ owner, repo, tag_name: next, name: next }));
  }
  const wallMs = performance.now() - t0;
  const stats = { ...github.stats };
  await github.stop();
  return { wallMs, stats };
}

execSync('npm run build', { stdio: 'ignore' });
const bot = await botRun();
console.log(`release train of ${CONNECTORS} connectors, ${LATENCY_MS} ms per request, ${WRITES_PER_WINDOW} writes per ${WINDOW_MS / 1000} s`);
console.log(`  discovery (command → card):  ${(bot.discoveryMs / 1000).toFixed(2)} s, ${bot.discovery.reads} reads (${bot.discovery.graphql} GraphQL)`);
const writes = bot.stats.writes;
// writes needed: an annotated tag (tag object + ref) and a release per connector
const writesNeeded = 3 * CONNECTORS;
const lowerBoundMs = (writesNeeded / WRITES_PER_WINDOW) * WINDOW_MS;
console.log(`  approve → summary:           ${(bot.wallMs / 1000).toFixed(1)} s   (${bot.released}/${CONNECTORS} released; "${bot.summary}")`);
console.log(
  `  GitHub: ${bot.stats.reads} reads, ${writes} writes, ${bot.stats.secondaryLimited} secondary-limit 403s, peak ${bot.stats.peakConcurrency} in flight`,
);
console.log(`  Slack: ${bot.chatUpdates} chat.update calls`);
console.log(`  bot peak RSS: ${mb(bot.peakRssKb)} (node ${process.env.BOT_NODE_OPTIONS ?? 'with default flags'} dist/cli.js)`);
console.log(
  `  lower bound (${writesNeeded} writes needed ÷ allowed rate): ${(lowerBoundMs / 1000).toFixed(1)} s → wall ÷ lower bound = ${(bot.wallMs / lowerBoundMs).toFixed(3)}`,
);
if (process.env.BENCH_SKIP_NAIVE) process.exit(0);
const naive = await naiveRun();
console.log(
  `  naive loop (one repo after another, REST): ${(naive.wallMs / 1000).toFixed(1)} s, ${naive.stats.reads} reads, ${naive.stats.writes} writes, ${naive.stats.secondaryLimited} 403s`,
);
console.log(
  `  wall ÷ naive = ${(bot.wallMs / naive.wallMs).toFixed(3)}; (discovery + wall) ÷ naive = ${((bot.discoveryMs + bot.wallMs) / naive.wallMs).toFixed(3)}`,
);

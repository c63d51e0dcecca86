/**
 * Release-train benchmark (issues "Connector release trains" and 11): N connectors in the GitHub
 * emulator with latency per request and GitHub's content-creation limits scaled down in time;
 * the real bot (a child process, compiled, as `npm run start:dist` runs it) discovers, proposes
 * and releases them with one write per connector. Prints wall time, GitHub reads and writes,
 * 403s met, peak concurrency, the bot's peak RSS, and two ratios from the same run: wall ÷ lower
 * bound (writes ÷ allowed rate) and wall ÷ today's three-write flow (tag object, ref, release,
 * and two 404 checks per connector, paced the same way). Then a run where the hourly limit binds.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import { SlackEmulator } from '../src/sandbox/slack/slack-emulator.js';
import { GitHubEmulator, type GitHubEmulatorOptions } from '../src/sandbox/github/github-emulator.js';
import { spawnBot } from '../test/e2e/spawn-bot.js';
import { worldEnv } from '../test/e2e/world.js';

const CONNECTORS = Number(process.env.BENCH_CONNECTORS ?? 500);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 30);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 6000);
const WRITES_PER_WINDOW = 80;
/** the hourly-limit run: connectors, and GitHub's hour scaled down (500 writes in any HOUR_MS) */
const HOURLY_CONNECTORS = Number(process.env.BENCH_HOURLY_CONNECTORS ?? 600);
const HOUR_MS = Number(process.env.BENCH_HOUR_MS ?? 60_000);
const WRITES_PER_HOUR = 500;
const APPROVER = 'U0APPROVER';
const CHANNEL = 'C0RELEASES';

const minuteLimit = { max: WRITES_PER_WINDOW, windowMs: WINDOW_MS };
const writeRate = WRITES_PER_WINDOW / WINDOW_MS; // writes per ms
const name = (i: number) => `connector-${String(i).padStart(4, '0')}`;

function seed(github: GitHubEmulator, connectors: number): void {
  for (let i = 0; i < connectors; i++) {
    github.createRepo(name(i));
    github.commit(name(i), 'feat: first sync');
    github.tag(name(i), '1.0.0');
    github.commit(name(i), i % 3 ? 'fix: token refresh' : 'feat: incremental sync');
  }
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

/** Node's flags as `npm run start:dist` (and the Dockerfile's CMD) start the bot, unless BOT_NODE_OPTIONS says otherwise. */
const BOT_NODE_OPTIONS: string[] =
  process.env.BOT_NODE_OPTIONS?.split(' ').filter(Boolean) ??
  (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts['start:dist']!.split(
    /\s+/,
  ).filter((w) => w.startsWith('--'));

async function botRun(o: { connectors: number; emulator: GitHubEmulatorOptions; hourMs?: number }) {
  const slack = await SlackEmulator.start({ users: [{ id: APPROVER, name: 'alice' }], channels: [{ id: CHANNEL, name: 'releases' }] });
  const github = await GitHubEmulator.start(o.emulator);
  seed(github, o.connectors);
  const dir = mkdtempSync(join(tmpdir(), 'release-bot-bench-'));
  const writesPerMinute = Math.floor((WRITES_PER_WINDOW * 60_000) / WINDOW_MS);
  writeFileSync(
    join(dir, 'release-bot.yml'),
    `approvers: [${APPROVER}]\ngithub:\n  writesPerMinute: ${writesPerMinute}\n  writesPerHour: ${WRITES_PER_HOUR}\n  concurrency: 8\n`,
  );
  const env = {
    ...worldEnv(slack, github, dir),
    PORT: String(30000 + Math.floor(Math.random() * 20000)),
    LOG_LEVEL: 'warn',
    ...(o.hourMs ? { RELEASE_BOT_GITHUB_HOUR_MS: String(o.hourMs) } : {}),
  };
  // The build, as production runs it (tsx's compile-on-load would add its own memory to the bot's).
  const bot = spawnBot(env, { entry: 'dist', nodeOptions: BOT_NODE_OPTIONS });
  await slack.waitForConnection(30_000);
  github.resetStats();

  const t0 = performance.now();
  await slack.slashCommand({ command: '/connectors', text: 'batch', userId: APPROVER, channelId: CHANNEL });
  const card = await slack.waitFor(() => slack.messages(CHANNEL).find((m) => /Release train/.test(m.text)), 120_000);
  const discoveryMs = performance.now() - t0;
  const discovery = { reads: github.stats.reads, graphql: github.stats.graphql };
  const cardText = JSON.stringify(card.blocks);
  const paceLine = /(\d+ writes to GitHub[^."]*\.?\)?\.?)/.exec(cardText)?.[1] ?? '(no pace line)';

  github.resetStats();
  const t1 = performance.now();
  await slack.clickButton({ channelId: CHANNEL, messageTs: card.ts, actionId: 'batch_approve', userId: APPROVER });
  const summary = await slack.waitFor(() => slack.replies(CHANNEL, card.ts).find((m) => /is done/.test(m.text)), 30 * 60_000);
  const wallMs = performance.now() - t1;
  const status = readFileSync(`/proc/${bot.child.pid}/status`, 'utf8');
  const peakRssKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stats = { ...github.stats };
  const released = [...Array(o.connectors).keys()].filter((i) => github.releases(name(i)).length === 1).length;
  const etas = slack
    .calls('chat.update')
    .filter((c) => c.args.ts === card.ts)
    .map((c) => /about ([^"]+?) left/.exec(JSON.stringify(c.args.blocks))?.[1])
    .filter((x): x is string => x !== undefined);
  bot.kill('SIGTERM');
  await bot.exited;
  await slack.stop();
  await github.stop();
  return { discoveryMs, discovery, wallMs, summary: summary.text, peakRssKb, stats, released, chatUpdates: slack.calls('chat.update').length, paceLine, etas };
}

/**
 * Today's flow before issue 11, with the same pacing as the bot: per connector a 404 check of the
 * ref, a tag object, its ref, a 404 check of the release and the release; 16 connectors at a time,
 * writes spaced like plugin-throttling's write group, a 403 retried after its retry-after.
 */
async function threeWriteRun() {
  const github = await GitHubEmulator.start({ org: 'acme', latencyMs: LATENCY_MS, writeLimit: minuteLimit });
  seed(github, CONNECTORS);
  const octokit = new Octokit({ auth: github.token, baseUrl: github.apiUrl, log: { debug() {}, info() {}, warn() {}, error() {} } });
  const writes = new Bottleneck({ maxConcurrent: 8, minTime: Math.ceil((WINDOW_MS / WRITES_PER_WINDOW) * 1.02) });
  const write = async <T>(f: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await writes.schedule(f);
      } catch (error) {
        const e = error as { status?: number; response?: { headers?: Record<string, string> } };
        if (e.status !== 403) throw error;
        await new Promise((r) => setTimeout(r, Number(e.response?.headers?.['retry-after'] ?? 1) * 1000));
      }
    }
  };
  const absent = (p: Promise<unknown>) =>
    p.then(
      () => false,
      () => true,
    );
  const owner = github.org;
  const queue = [...Array(CONNECTORS).keys()];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const repo = name(i);
        const next = i % 3 ? '1.0.1' : '1.1.0';
        const sha = github.head(repo);
        await absent(octokit.rest.git.getRef({ owner, repo, ref: `tags/${next}` }));
        const tag = await write(() => octokit.rest.git.createTag({ owner, repo, tag: next, message: next, object: sha, type: 'commit' }));
        await write(() => octokit.rest.git.createRef({ owner, repo, ref: `refs/tags/${next}`, sha: tag.data.sha }));
        await absent(octokit.rest.repos.getReleaseByTag({ owner, repo, tag: next }));
        await write(() => octokit.rest.repos.createRelease({ owner, repo, tag_name: next, name: next }));
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const stats = { ...github.stats };
  await github.stop();
  return { wallMs, stats };
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

execSync('npm run build', { stdio: 'ignore' });
const bot = await botRun({ connectors: CONNECTORS, emulator: { org: 'acme', latencyMs: LATENCY_MS, writeLimit: minuteLimit } });
console.log(`release train of ${CONNECTORS} connectors, ${LATENCY_MS} ms per request, ${WRITES_PER_WINDOW} writes per ${WINDOW_MS / 1000} s`);
console.log(`  discovery (command → card):  ${(bot.discoveryMs / 1000).toFixed(2)} s, ${bot.discovery.reads} reads (${bot.discovery.graphql} GraphQL)`);
console.log(`  card before approval: "${bot.paceLine}"`);
const lowerBoundMs = CONNECTORS / writeRate;
console.log(`  approve → summary:           ${s(bot.wallMs)}   (${bot.released}/${CONNECTORS} released; "${bot.summary}")`);
console.log(
  `  GitHub: ${bot.stats.reads} reads (${bot.stats.graphql} GraphQL; budget 10 + 2 per failed connector), ${bot.stats.writes} writes, ${bot.stats.secondaryLimited} secondary-limit 403s, peak ${bot.stats.peakConcurrency} in flight`,
);
console.log(`  Slack: ${bot.chatUpdates} chat.update calls; ETA on the card: ${bot.etas.length ? `${bot.etas[0]} … ${bot.etas.at(-1)}` : 'none seen'}`);
console.log(`  bot peak RSS: ${mb(bot.peakRssKb)} (node ${BOT_NODE_OPTIONS.join(' ') || 'with default flags'} dist/cli.js)`);
console.log(`  lower bound (${CONNECTORS} writes ÷ allowed rate): ${s(lowerBoundMs)} → wall ÷ lower bound = ${(bot.wallMs / lowerBoundMs).toFixed(3)}`);
if (!process.env.BENCH_SKIP_THREE_WRITE) {
  const old = await threeWriteRun();
  console.log(
    `  today's three-write flow, same pacing: ${s(old.wallMs)}, ${old.stats.reads} reads, ${old.stats.writes} writes, ${old.stats.secondaryLimited} 403s → wall ÷ three-write flow = ${(bot.wallMs / old.wallMs).toFixed(3)}`,
  );
}
if (!process.env.BENCH_SKIP_HOURLY) {
  const hourly = await botRun({
    connectors: HOURLY_CONNECTORS,
    emulator: { org: 'acme', latencyMs: LATENCY_MS, writeLimit: [minuteLimit, { max: WRITES_PER_HOUR, windowMs: HOUR_MS }] },
    hourMs: HOUR_MS,
  });
  // the first 500 at the minute's pace, the rest once the first ones leave the (scaled) hour
  const hourlyBoundMs = HOURLY_CONNECTORS <= WRITES_PER_HOUR ? HOURLY_CONNECTORS / writeRate : HOUR_MS + (HOURLY_CONNECTORS - WRITES_PER_HOUR) / writeRate;
  console.log(
    `hourly limit binding: ${HOURLY_CONNECTORS} connectors, ${WRITES_PER_HOUR} writes per ${HOUR_MS / 1000} s (GitHub's hour scaled) and ${WRITES_PER_WINDOW} per ${WINDOW_MS / 1000} s`,
  );
  console.log(`  card before approval: "${hourly.paceLine}"`);
  console.log(
    `  approve → summary: ${s(hourly.wallMs)} (${hourly.released}/${HOURLY_CONNECTORS} released); lower bound ${s(hourlyBoundMs)} → ratio ${(hourly.wallMs / hourlyBoundMs).toFixed(3)}`,
  );
  console.log(
    `  GitHub: ${hourly.stats.reads} reads, ${hourly.stats.writes} writes, ${hourly.stats.secondaryLimited} secondary-limit 403s; bot peak RSS ${mb(hourly.peakRssKb)}`,
  );
}

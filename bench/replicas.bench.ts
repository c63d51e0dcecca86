/**
 * Several replicas (issue 15): the 500-connector release train of `release-train.bench.ts`, run by
 * one bot on SQLite and by three replicas on one PostgreSQL, against the same emulator setup
 * (latency per request, GitHub's 80 writes per window scaled down in time), in the same run.
 * GitHub's limit is the organisation's, so three replicas cannot be faster; the figure to watch
 * is that they are not slower than 1.1×, and that they meet no more 403s.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { GitHubEmulator } from '../src/sandbox/github/github-emulator.js';
import { SlackEmulator } from '../src/sandbox/slack/slack-emulator.js';
import { spawnBot, type SpawnedBot } from '../test/e2e/spawn-bot.js';
import { worldEnv } from '../test/e2e/world.js';
import { startPgCluster } from '../test/support/pg-cluster.js';

const CONNECTORS = Number(process.env.BENCH_CONNECTORS ?? 500);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 30);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 6000);
const WRITES_PER_WINDOW = 80;
const REPLICAS = 3;
const APPROVER = 'U0APPROVER';
const CHANNEL = 'C0RELEASES';
const name = (i: number) => `connector-${String(i).padStart(4, '0')}`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const BOT_NODE_OPTIONS = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts[
  'start:dist'
]!.split(/\s+/).filter((w) => w.startsWith('--'));

async function trainRun(database: { url?: string }) {
  const slack = await SlackEmulator.start({ users: [{ id: APPROVER, name: 'alice' }], channels: [{ id: CHANNEL, name: 'releases' }] });
  const github = await GitHubEmulator.start({ org: 'acme', latencyMs: LATENCY_MS, writeLimit: { max: WRITES_PER_WINDOW, windowMs: WINDOW_MS } });
  for (let i = 0; i < CONNECTORS; i++) {
    github.createRepo(name(i));
    github.commit(name(i), 'feat: first sync');
    github.tag(name(i), '1.0.0');
    github.commit(name(i), i % 3 ? 'fix: token refresh' : 'feat: incremental sync');
  }
  const dir = mkdtempSync(join(tmpdir(), 'release-bot-bench-replicas-'));
  const writesPerMinute = Math.floor((WRITES_PER_WINDOW * 60_000) / WINDOW_MS);
  writeFileSync(join(dir, 'release-bot.yml'), `approvers: [${APPROVER}]\ngithub:\n  writesPerMinute: ${writesPerMinute}\n  concurrency: 8\n`);
  const env = { ...worldEnv(slack, github, dir), PORT: '0', LOG_LEVEL: 'warn', ...(database.url ? { DATABASE_URL: database.url } : {}) };
  const count = database.url ? REPLICAS : 1;
  const bots: SpawnedBot[] = [];
  for (let i = 0; i < count; i++) bots.push(spawnBot({ ...env, RELEASE_BOT_REPLICA_ID: `replica-${i + 1}` }, { entry: 'dist', nodeOptions: BOT_NODE_OPTIONS }));
  await slack.waitForConnection(60_000, count);

  await slack.slashCommand({ command: '/connectors', text: 'batch', userId: APPROVER, channelId: CHANNEL });
  const card = await slack.waitFor(() => slack.messages(CHANNEL).find((m) => /Release train/.test(m.text)), 120_000);
  github.resetStats();
  const t0 = performance.now();
  await slack.clickButton({ channelId: CHANNEL, messageTs: card.ts, actionId: 'batch_approve', userId: APPROVER });
  const summary = await slack.waitFor(() => slack.replies(CHANNEL, card.ts).find((m) => /is done/.test(m.text)), 30 * 60_000);
  const wallMs = performance.now() - t0;
  const stats = { ...github.stats };
  const released = [...Array(CONNECTORS).keys()].filter((i) => github.releases(name(i)).length === 1).length;
  const peakRssKb = bots.map((b) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${b.child.pid}/status`, 'utf8'))?.[1] ?? 0));
  for (const b of bots) b.kill('SIGTERM');
  await Promise.all(bots.map((b) => b.exited));
  await slack.stop();
  await github.stop();
  return { wallMs, stats, released, summary: summary.text, peakRssKb };
}

execSync('npm run build', { stdio: 'ignore' });
const cluster = await startPgCluster();
if (!cluster) {
  console.log('replicas: SKIPPED, PostgreSQL is not installed (apt-get install postgresql)');
} else {
  try {
    const admin = new pg.Client(cluster.url);
    await admin.connect();
    await admin.query('CREATE DATABASE bench');
    await admin.end();
    const sqlite = await trainRun({});
    const replicas = await trainRun({ url: cluster.url.replace(/\/postgres$/, '/bench') });
    const lowerBoundMs = CONNECTORS / (WRITES_PER_WINDOW / WINDOW_MS);
    console.log(
      `release train of ${CONNECTORS} connectors, ${LATENCY_MS} ms per request, ${WRITES_PER_WINDOW} writes per ${WINDOW_MS / 1000} s (lower bound ${s(lowerBoundMs)})`,
    );
    for (const [label, r] of [
      ['one bot on SQLite', sqlite],
      [`${REPLICAS} replicas on PostgreSQL`, replicas],
    ] as const) {
      console.log(
        `  ${label.padEnd(26)}: ${s(r.wallMs)} (${r.released}/${CONNECTORS} released), ${r.stats.reads} reads, ${r.stats.writes} writes, ${r.stats.secondaryLimited} 403s, peak RSS ${r.peakRssKb.map((k) => `${Math.round(k / 1024)} MB`).join(' / ')}`,
      );
    }
    console.log(`  ${REPLICAS} replicas ÷ one bot = ${(replicas.wallMs / sqlite.wallMs).toFixed(3)} (target ≤ 1.1)`);
  } finally {
    cluster.stop();
  }
}

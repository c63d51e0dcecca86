/**
 * Webhook intake benchmark (issue 11, part 6): the compiled bot (a child process, as
 * `npm run start:dist` runs it) receives 2,200 signed deliveries on loopback, 50 in flight:
 * 200 pushes to main of 200 repos, 1,800 pushes to a feature branch (skipped), and 200
 * redeliveries of the main pushes (same `X-GitHub-Delivery`). Prints deliveries/s, p50/p99
 * acknowledgement time, proposals (each main push proposed once, every redelivery answered as a
 * duplicate), the time until the 200th proposal, and the most GitHub requests in flight.
 * `BENCH_REPOS`, `BENCH_FEATURE_PER_REPO`, `BENCH_IN_FLIGHT`, `BENCH_LATENCY_MS`, `BENCH_CONCURRENCY`
 * change the scenario.
 */
import { execSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sign } from '@octokit/webhooks-methods';
import { SlackEmulator } from '../src/sandbox/slack/slack-emulator.js';
import { GitHubEmulator } from '../src/sandbox/github/github-emulator.js';
import { percentile } from '../src/domain/percentile.js';
import { spawnBot } from '../test/e2e/spawn-bot.js';
import { WEBHOOK_SECRET, worldEnv } from '../test/e2e/world.js';

const REPOS = Number(process.env.BENCH_REPOS ?? 200);
const FEATURE_PER_REPO = Number(process.env.BENCH_FEATURE_PER_REPO ?? 9);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 50);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const APPROVER = 'U0APPROVER';
const CHANNEL = 'C0RELEASES';
const name = (i: number) => `service-${String(i).padStart(4, '0')}`;

interface Shot {
  id: string;
  body: string;
  signature: string;
  kind: 'main' | 'feature' | 'redelivery';
}

/** A deterministic shuffle, so every run sends the same order. */
function shuffle<T>(items: T[], seed = 11): T[] {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

async function shots(github: GitHubEmulator): Promise<Shot[]> {
  const unique: Shot[] = [];
  const mains: Shot[] = [];
  for (let i = 0; i < REPOS; i++) {
    const repo = name(i);
    github.createRepo(repo);
    github.commit(repo, 'feat: first version');
    github.tag(repo, 'v1.0.0');
    const before = github.head(repo);
    github.commit(repo, i % 3 ? 'fix: token refresh' : 'feat: incremental sync');
    github.createBranch(repo, 'feature', github.head(repo));
    const featureBefore = github.head(repo, 'feature');
    github.commit(repo, 'feat: work in progress', { branch: 'feature' });
    const main = JSON.stringify(github.pushPayload(repo, { before }));
    const feature = JSON.stringify(github.pushPayload(repo, { before: featureBefore, ref: 'feature' }));
    const mainShot: Shot = { id: `main-${i}`, body: main, signature: await sign(WEBHOOK_SECRET, main), kind: 'main' };
    mains.push(mainShot);
    unique.push(mainShot);
    const featureSignature = await sign(WEBHOOK_SECRET, feature);
    for (let k = 0; k < FEATURE_PER_REPO; k++) unique.push({ id: `feature-${i}-${k}`, body: feature, signature: featureSignature, kind: 'feature' });
  }
  // Redeliveries come after their originals, as GitHub's "Redeliver" does.
  return [...shuffle(unique), ...shuffle(mains.map((m) => ({ ...m, kind: 'redelivery' as const })))];
}

function post(agent: Agent, port: number, shot: Shot): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/github/webhooks',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(shot.body),
          'x-github-event': 'push',
          'x-github-delivery': shot.id,
          'x-hub-signature-256': shot.signature,
          'user-agent': 'GitHub-Hookshot/bench',
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(shot.body);
  });
}

/** Sends every delivery, `IN_FLIGHT` at a time, and times each answer. */
async function fire(port: number, onStart: () => void = () => {}) {
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const ackMs: number[] = [];
  const answers = { accepted: 0, duplicate: 0, other: 0 };
  let nextShot = 0;
  const t0 = performance.now();
  onStart();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let i = nextShot++; i < all.length; i = nextShot++) {
        const started = performance.now();
        const res = await post(agent, port, all[i]);
        ackMs.push(performance.now() - started);
        if (res.status === 202) answers.accepted++;
        else if (res.status === 200 && res.body.includes('"duplicate":true')) answers.duplicate++;
        else answers.other++;
      }
    }),
  );
  const sendMs = performance.now() - t0;
  agent.destroy();
  return { sendMs, ackMs, answers };
}

/** A receiver in a child process, as the bot runs: the no-op Probot app (bench/probot-receiver.ts) or the bare no-op (bench/noop-receiver.ts), the machine's ceiling. */
async function receiverRun(script: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: fileURLToPath(new URL('../', import.meta.url)),
    env: { ...process.env, GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"listening":(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
  });
  const run = await fire(port);
  child.kill('SIGTERM');
  return run;
}

execSync('npm run build', { stdio: 'ignore' });
const slack = await SlackEmulator.start({ users: [{ id: APPROVER, name: 'alice' }], channels: [{ id: CHANNEL, name: 'releases' }] });
const github = await GitHubEmulator.start({ org: 'acme', latencyMs: LATENCY_MS });
const all = await shots(github);
const dir = mkdtempSync(join(tmpdir(), 'release-bot-intake-'));
writeFileSync(join(dir, 'release-bot.yml'), `approvers: [${APPROVER}]\ngithub:\n  concurrency: ${CONCURRENCY}\n`);
// A port of its own (the start-up line that names port 0's choice is logged at info, below warn).
const port = 30000 + Math.floor(Math.random() * 20000);
const bot = spawnBot(
  { ...worldEnv(slack, github, dir), LOG_LEVEL: 'warn', PORT: String(port) },
  { entry: 'dist', nodeOptions: process.env.BOT_NODE_OPTIONS?.split(' ').filter(Boolean) },
);
await slack.waitForConnection(30_000);
github.resetStats();

let t0 = 0;
let t0Epoch = 0;
let proposedAt: number | undefined;
const proposals = () => slack.messages(CHANNEL).length;
const watch = slack
  .waitFor(() => proposals() >= REPOS || undefined, 10 * 60_000)
  .then(() => {
    proposedAt = performance.now() - t0;
  });
const { sendMs, ackMs, answers } = await fire(port, () => {
  t0 = performance.now();
  t0Epoch = Date.now();
});
await watch;
// Anything proposed twice would arrive after the 200th: let the bot's work settle (its GitHub calls stop).
let last = github.stats.requests.length;
for (;;) {
  await new Promise((r) => setTimeout(r, 500));
  if (github.stats.requests.length === last && proposals() === REPOS) break;
  last = github.stats.requests.length;
  if (proposals() > REPOS) break;
}
const byRepo = new Map<string, number>();
for (const m of slack.messages(CHANNEL)) {
  const repo = /service-\d{4}/.exec(m.text)?.[0] ?? '?';
  byRepo.set(repo, (byRepo.get(repo) ?? 0) + 1);
}
const proposedOnce = [...byRepo.values()].filter((n) => n === 1).length;
const stats = github.stats;
bot.kill('SIGTERM');
await bot.exited;
await slack.stop();
await github.stop();

const ms = (x: number) => `${x.toFixed(1)} ms`;
console.log(
  `webhook intake: ${all.length} signed deliveries (${REPOS} main pushes, ${REPOS * FEATURE_PER_REPO} feature-branch pushes, ${REPOS} redeliveries), ${IN_FLIGHT} in flight, GitHub ${LATENCY_MS} ms a request, github.concurrency ${CONCURRENCY}`,
);
console.log(`  answered in ${(sendMs / 1000).toFixed(2)} s: ${((all.length / sendMs) * 1000).toFixed(0)} deliveries/s`);
console.log(`  acknowledgement: p50 ${ms(percentile(ackMs, 0.5)!)}, p99 ${ms(percentile(ackMs, 0.99)!)}, max ${ms(Math.max(...ackMs))}`);
console.log(`  answers: ${answers.accepted} accepted (202), ${answers.duplicate} duplicates (200), ${answers.other} other`);
console.log(
  `  proposals: ${proposals()} (${proposedOnce}/${REPOS} repos proposed exactly once); 200th after ${proposedAt ? `${(proposedAt / 1000).toFixed(2)} s` : 'never'}`,
);
// The proposals' GitHub work ends with their last read; the Slack posts follow at the outbox's pace.
const githubDoneMs = Math.max(...stats.requests.map((r) => r.at)) - t0Epoch;
console.log(
  `  GitHub: ${stats.reads} reads, ${stats.writes} writes, peak ${stats.peakConcurrency} in flight; the last answered ${(githubDoneMs / 1000).toFixed(2)} s after the first delivery`,
);
const probot = await receiverRun('bench/probot-receiver.ts');
console.log(
  `  a no-op Probot app (bench/probot-receiver.ts: Probot 14's middleware, an empty push handler; same client, same machine): ${((all.length / probot.sendMs) * 1000).toFixed(0)} deliveries/s, ack p50 ${ms(percentile(probot.ackMs, 0.5)!)}, p99 ${ms(percentile(probot.ackMs, 0.99)!)} → bot ÷ Probot = ${(probot.sendMs / sendMs).toFixed(2)}`,
);
const noop = await receiverRun('bench/noop-receiver.ts');
console.log(
  `  the no-op receiver (bench/noop-receiver.ts: verify, parse, 202; same client, same machine): ${((all.length / noop.sendMs) * 1000).toFixed(0)} deliveries/s, ack p50 ${ms(percentile(noop.ackMs, 0.5)!)}, p99 ${ms(percentile(noop.ackMs, 0.99)!)} → bot ÷ no-op = ${(noop.sendMs / sendMs).toFixed(2)}`,
);

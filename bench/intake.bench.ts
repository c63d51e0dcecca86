/**
 * Webhook intake benchmark (issue 11, part 6): the compiled bot (a child process, as
 * `npm run start:dist` runs it) receives 2,200 signed deliveries on loopback, 50 in flight:
 * 200 pushes to main of 200 repos, 1,800 pushes to a feature branch (skipped), and 200
 * redeliveries of the main pushes (same `X-GitHub-Delivery`). Prints deliveries/s, p50/p99
 * acknowledgement time, proposals (each main push proposed once, every redelivery answered as a
 * duplicate), the time until the 200th proposal, and the most GitHub requests in flight.
 * The same flood goes to a no-op Probot app and to a bare no-op receiver, in rounds (this machine's
 * speed drifts, so ratios compare runs of the same round), with each receiver's CPU a delivery.
 * Every receiver first takes 200 deliveries just after it started (their figures are printed as
 * "just started": they include opening the client's 50 connections), then, on the same
 * connections, the timed flood: a receiver in production has been up a while.
 * `BENCH_REPOS`, `BENCH_FEATURE_PER_REPO`, `BENCH_IN_FLIGHT`, `BENCH_LATENCY_MS`, `BENCH_CONCURRENCY`,
 * `BENCH_ROUNDS`, `BENCH_WARM_UP` change the scenario.
 */
import { execSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 200);
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

/** Pushes to a feature branch (stored, then skipped), sent before the flood so that every receiver meets it warm, as a receiver that has been up a while does. */
function warmUp(flood: readonly Shot[]): Shot[] {
  const feature = flood.find((s) => s.kind === 'feature')!;
  return Array.from({ length: WARM_UP }, (_, k) => ({ ...feature, id: `warm-up-${k}` }));
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

/** A process's CPU time so far (user + system, ms), from Linux's /proc; undefined elsewhere. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Sends every delivery, `IN_FLIGHT` at a time, and times each answer; with `pid`, the receiver's CPU time meanwhile. */
async function fire(port: number, agent: Agent, shots: readonly Shot[], onStart: () => void = () => {}, pid?: number) {
  const ackMs: number[] = [];
  const answers = { accepted: 0, duplicate: 0, other: 0 };
  let nextShot = 0;
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  onStart();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let i = nextShot++; i < shots.length; i = nextShot++) {
        const started = performance.now();
        const res = await post(agent, port, shots[i]!);
        ackMs.push(performance.now() - started);
        if (res.status === 202) answers.accepted++;
        else if (res.status === 200 && res.body.includes('"duplicate":true')) answers.duplicate++;
        else answers.other++;
      }
    }),
  );
  const sendMs = performance.now() - t0;
  const cpu1 = cpuMs(pid);
  // CPU a delivery, in µs: what the receiver spent while answering the flood.
  const cpuPerDelivery = cpu0 === undefined || cpu1 === undefined ? undefined : ((cpu1 - cpu0) * 1000) / shots.length;
  return { sendMs, ackMs, answers, cpuPerDelivery };
}

/** The client's connections, kept open from the deliveries just after the start to the flood, as a sender that keeps sending does. */
const client = () => new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

/** Every receiver gets a second after it is up before the flood: the bot's start-up (its first GitHub and Slack calls, modules loaded on first use) is not the intake. */
const settle = () => new Promise((r) => setTimeout(r, 1000));

/** The bot is up when /healthz says so (as a readiness probe waits), and then settles. */
async function ready(port: number): Promise<void> {
  for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return settle() as Promise<void>;
  }
  throw new Error('the bot did not become ready in 30 s');
}

/** A receiver in a child process, as the bot runs: the no-op Probot app (bench/probot-receiver.ts) or the bare no-op (bench/noop-receiver.ts), the machine's ceiling. */
async function receiverRun(script: string) {
  const child = spawn(process.execPath, [...(process.env.RECEIVER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', script], {
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
  await settle();
  const agent = client();
  const cold = await fire(port, agent, warm);
  await settle();
  const run = { ...(await fire(port, agent, all, () => {}, child.pid)), cold };
  agent.destroy();
  child.kill('SIGTERM');
  return run;
}

execSync('npm run build', { stdio: 'ignore' });
const slack = await SlackEmulator.start({ users: [{ id: APPROVER, name: 'alice' }], channels: [{ id: CHANNEL, name: 'releases' }] });
const github = await GitHubEmulator.start({ org: 'acme', latencyMs: LATENCY_MS });
const all = await shots(github);
const warm = warmUp(all);

/** One round of the bot: a fresh bot on a fresh database takes the flood, then makes its proposals. */
async function botRound() {
  const dir = mkdtempSync(join(tmpdir(), 'release-bot-intake-'));
  writeFileSync(join(dir, 'release-bot.yml'), `approvers: [${APPROVER}]\ngithub:\n  concurrency: ${CONCURRENCY}\n`);
  // A port of its own (the start-up line that names port 0's choice is logged at info, below warn).
  const port = 30000 + Math.floor(Math.random() * 20000);
  const bot = spawnBot(
    { ...worldEnv(slack, github, dir), LOG_LEVEL: 'warn', PORT: String(port) },
    { entry: 'dist', nodeOptions: process.env.BOT_NODE_OPTIONS?.split(' ').filter(Boolean) },
  );
  const connections = slack.connectionCount();
  await slack.waitForConnection(30_000, connections + 1);
  await ready(port);
  const agent = client();
  const cold = await fire(port, agent, warm);
  await settle();
  github.resetStats();
  const before = slack.messages(CHANNEL).length;
  const proposals = () => slack.messages(CHANNEL).length - before;

  let t0 = 0;
  let t0Epoch = 0;
  let proposedAt: number | undefined;
  const watch = slack
    .waitFor(() => proposals() >= REPOS || undefined, 10 * 60_000)
    .then(() => {
      proposedAt = performance.now() - t0;
    });
  const run = await fire(
    port,
    agent,
    all,
    () => {
      t0 = performance.now();
      t0Epoch = Date.now();
    },
    bot.child.pid,
  );
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
  for (const m of slack.messages(CHANNEL).slice(before)) {
    const repo = /service-\d{4}/.exec(m.text)?.[0] ?? '?';
    byRepo.set(repo, (byRepo.get(repo) ?? 0) + 1);
  }
  const stats = github.stats;
  agent.destroy();
  bot.kill('SIGTERM');
  await bot.exited;
  // The proposals' GitHub work ends with their last read; the Slack posts follow at the outbox's pace.
  const githubDoneMs = Math.max(...stats.requests.map((r) => r.at)) - t0Epoch;
  return {
    ...run,
    cold,
    proposals: proposals(),
    proposedOnce: [...byRepo.values()].filter((n) => n === 1).length,
    proposedAt,
    reads: stats.reads,
    writes: stats.writes,
    peakConcurrency: stats.peakConcurrency,
    githubDoneMs,
  };
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
const cpu = (us: number | undefined) => (us === undefined ? '' : `, ${us.toFixed(0)} µs CPU a delivery`);
const rate = (run: { sendMs: number }) => `${((all.length / run.sendMs) * 1000).toFixed(0)} deliveries/s`;
const acks = (run: { ackMs: number[] }) => `ack p50 ${ms(percentile(run.ackMs, 0.5)!)}, p99 ${ms(percentile(run.ackMs, 0.99)!)}`;
const coldAcks = (run: { cold: { ackMs: number[] } }) =>
  `just started (the ${WARM_UP} deliveries before the flood): ${acks(run.cold)}, max ${ms(Math.max(...run.cold.ackMs))}`;
const median = (xs: number[]) => percentile(xs, 0.5)!;

console.log(
  `webhook intake: ${all.length} signed deliveries (${REPOS} main pushes, ${REPOS * FEATURE_PER_REPO} feature-branch pushes, ${REPOS} redeliveries), ${IN_FLIGHT} in flight, GitHub ${LATENCY_MS} ms a request, github.concurrency ${CONCURRENCY}`,
);
console.log(
  `  ${ROUNDS} rounds; in each, the bot, a no-op Probot app (bench/probot-receiver.ts: Probot 14's middleware, an empty push handler) and the no-op receiver (bench/noop-receiver.ts: verify, parse, 202), one after another, same client, same machine; flood figures are on warm receivers and open connections`,
);
// This machine's speed drifts from minute to minute: the ratios compare runs of the same round.
const rounds: { bot: number; probot: number; noop: number; p99: number; cpuRatio?: number }[] = [];
for (let r = 1; r <= ROUNDS; r++) {
  // The order turns from round to round, so that a machine slowing down (or speeding up) favours nobody.
  const probotFirst = r % 2 === 0;
  const earlyProbot = probotFirst ? await receiverRun('bench/probot-receiver.ts') : undefined;
  const bot = await botRound();
  const probot = earlyProbot ?? (await receiverRun('bench/probot-receiver.ts'));
  const noop = await receiverRun('bench/noop-receiver.ts');
  console.log(`  round ${r} (${probotFirst ? 'Probot, the bot' : 'the bot, Probot'}, the no-op):`);
  console.log(`    bot: ${rate(bot)}${cpu(bot.cpuPerDelivery)}, ${acks(bot)}, max ${ms(Math.max(...bot.ackMs))}`);
  console.log(`      ${coldAcks(bot)}`);
  console.log(`      answers: ${bot.answers.accepted} accepted (202), ${bot.answers.duplicate} duplicates (200), ${bot.answers.other} other`);
  console.log(
    `      proposals: ${bot.proposals} (${bot.proposedOnce}/${REPOS} repos proposed exactly once); 200th after ${bot.proposedAt ? `${(bot.proposedAt / 1000).toFixed(2)} s` : 'never'}`,
  );
  console.log(
    `      GitHub: ${bot.reads} reads, ${bot.writes} writes, peak ${bot.peakConcurrency} in flight; the last answered ${(bot.githubDoneMs / 1000).toFixed(2)} s after the first delivery`,
  );
  console.log(`    Probot: ${rate(probot)}${cpu(probot.cpuPerDelivery)}, ${acks(probot)}; ${coldAcks(probot)}`);
  console.log(`    no-op: ${rate(noop)}${cpu(noop.cpuPerDelivery)}, ${acks(noop)}; ${coldAcks(noop)}`);
  const cpuRatio = bot.cpuPerDelivery && probot.cpuPerDelivery ? probot.cpuPerDelivery / bot.cpuPerDelivery : undefined;
  console.log(
    `    bot ÷ Probot = ${(probot.sendMs / bot.sendMs).toFixed(2)} (deliveries/s)${cpuRatio ? `, ${cpuRatio.toFixed(2)} (CPU a delivery, Probot's ÷ the bot's)` : ''}; bot ÷ no-op = ${(noop.sendMs / bot.sendMs).toFixed(2)}`,
  );
  rounds.push({ bot: bot.sendMs, probot: probot.sendMs, noop: noop.sendMs, p99: percentile(bot.ackMs, 0.99)!, cpuRatio });
}
const cpuRatios = rounds.flatMap((r) => (r.cpuRatio ? [r.cpuRatio] : []));
console.log(
  `  median of ${ROUNDS} rounds: bot ÷ Probot = ${median(rounds.map((r) => r.probot / r.bot)).toFixed(2)} (deliveries/s)${cpuRatios.length ? `, ${median(cpuRatios).toFixed(2)} (CPU)` : ''}; bot ÷ no-op = ${median(rounds.map((r) => r.noop / r.bot)).toFixed(2)}; the bot's p99 acknowledgement ${ms(median(rounds.map((r) => r.p99)))}`,
);
await slack.stop();
await github.stop();

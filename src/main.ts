import type { Server } from 'node:http';
import { App, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { loadConfig, type Config } from './config.js';
import { BotError } from './errors.js';
import { makeLogger, type LineSink } from './logger.js';
import { connectGitHub } from './github/connect-github.js';
import { OctokitGitHub } from './github/octokit-github.js';
import { OctokitDeployments } from './github/octokit-deployments.js';
import { GraphqlOrgReader } from './github/graphql-org-reader.js';
import { startHttpServer, type Route } from './http/http-server.js';
import { githubWebhookRoute } from './http/github-webhook-route.js';
import { healthzRoute } from './http/healthz-route.js';
import { metricsRoute } from './http/metrics-route.js';
import { type BotMetrics, makeBotMetrics } from './metrics/bot-metrics.js';
import { boltLogger } from './slack/bolt-logger.js';
import { WebSlack } from './slack/web-slack.js';
import { register as registerReleaseCommand } from './slack/commands/release.js';
import { register as registerReleaseActions } from './slack/actions/release-actions.js';
import { register as registerConnectorsCommand } from './slack/commands/connectors.js';
import { register as registerBatchActions } from './slack/actions/batch-actions.js';
import { openStore, type Store } from './store/store.js';
import type { Deps } from './workflows/deps.js';
import { handleDelivery } from './workflows/handle-delivery.js';
import { KeyedLimiter } from './workflows/keyed-limiter.js';
import type { ReceivedDelivery } from './workflows/ports/delivery-records.js';
import { postProposal } from './workflows/post-proposal.js';
import { ReleaseRunner, type StepRetry } from './workflows/release-runner.js';
import { BatchRunner } from './workflows/batch-runner.js';
import { postCard } from './workflows/propose-batch.js';
import { deployToken, makeDeployer } from './deploy/make-deployer.js';
import type { RetryPolicy } from './deploy/http-deployer.js';
import { buildNoticeRoute } from './http/build-notice-route.js';
import { register as registerDeployCommand } from './slack/commands/deploy.js';
import { register as registerRolloutActions } from './slack/actions/rollout-actions.js';
import { RolloutRunner } from './workflows/rollout-runner.js';
import { BackgroundWork } from './workflows/supervise.js';
import { DigestScheduler } from './workflows/digest-scheduler.js';
import { ExpiryTimer } from './workflows/expiry-timer.js';
import { FreezeWatcher } from './workflows/freeze-watcher.js';
import { register as registerReleaseAnyway } from './slack/actions/release-anyway.js';
import { OutboxSender } from './slack/outbox-sender.js';
import { sqliteOutboxQueue } from './store/sqlite-outbox-queue.js';
import { slackNarrator } from './slack/slack-narrator.js';
import type { ListenerDeps } from './slack/listener-deps.js';
import { asyncRecords } from './store/async-records.js';
import type { BackoffPolicy } from './domain/backoff.js';

export interface BotOptions {
  env: Record<string, string | undefined>;
  /** where log lines go (stdout in production) */
  sink: LineSink;
  logLevel?: string;
  /** extra routes on the same port (the sandbox page) */
  routes?: Route[];
  /** the interface to listen on; every interface when absent (the sandbox keeps to loopback) */
  host?: string;
  /** retries of the http deployer (tests shorten the waits) */
  deployRetry?: Partial<RetryPolicy>;
  /** the Slack outbox's backoff (tests shorten it) */
  outboxBackoff?: BackoffPolicy;
  /** GitHub retries: within a request (plugin-retry's base wait) and of a release step (tests shorten them) */
  githubRetry?: { requestBaseMs?: number; step?: StepRetry };
  /** the clock of the weekly digest, proposal expiry and freezes (tests move it forward instead of waiting; the records keep real time) */
  now?: () => Date;
}

export interface RunningBot {
  config: Config;
  port: number;
  store: Store;
  logger: Logger;
  /** resolves when the work started so far (deliveries, releases) has come to rest */
  idle(): Promise<void>;
  /**
   * Takes no new work, lets the steps in flight finish (for `graceMs` at most; the rest is parked
   * where a restart resumes it), sends what the outbox can in `outboxMs`, and closes.
   */
  stop(o?: { graceMs?: number; outboxMs?: number }): Promise<void>;
}

/** The values to hide from every log line: the token, or the App's private key (also as JSON escapes its newlines). */
function githubSecrets(auth: Config['github']['auth']): string[] {
  return auth.kind === 'token' ? [auth.token] : [auth.privateKey, JSON.stringify(auth.privateKey).slice(1, -1)];
}

/** The composition root: the only place that reads configuration, opens the database and starts servers. */
export async function startBot(o: BotOptions): Promise<RunningBot> {
  const loaded = loadConfig(o.env);
  if (!loaded.ok) throw new BotError('config_invalid', `Invalid configuration:\n${loaded.problems.map((p) => `  - ${p}`).join('\n')}`);
  const config = loaded.config;
  const logger = makeLogger({
    secrets: [
      config.slack.botToken,
      config.slack.appToken,
      ...githubSecrets(config.github.auth),
      config.github.webhookSecret,
      config.buildWebhookSecret,
      config.metricsToken,
      deployToken(config.policy.rollout, o.env),
    ],
    sink: o.sink,
    level: o.logLevel ?? config.logLevel,
  });
  const now = o.now ?? (() => new Date());
  // Made once the store is open (its counters read the audit); GitHub's answers before that (the start-up checks) are not counted.
  let metrics: BotMetrics | undefined;
  // Before the database opens: a GitHub App that cannot authenticate stops the start-up here.
  const { octokit } = await connectGitHub(
    config.github.auth,
    {
      ...config.github,
      hourMs: config.githubHourMs,
      logger,
      retryAfterBaseMs: o.githubRetry?.requestBaseMs,
      onExchange: (e) => {
        metrics?.githubRequests.inc({ method: e.method, status: e.status });
        if (e.rateLimit) metrics?.githubRateLimitRemaining.set({ resource: e.rateLimit.resource }, e.rateLimit.remaining);
      },
    },
    logger,
  );
  const store = openStore(config.databasePath);
  const records = asyncRecords(store);
  const outboxQueue = sqliteOutboxQueue(store.outbox);
  // One registry per bot. The audit is read in the records' turn, between units of work, so an
  // entry of a step still in its transaction (and perhaps rolled back) is never counted.
  metrics = makeBotMetrics({
    outboxPending: async () => (await outboxQueue.backlog()).pending,
    audit: {
      after: (id) => records.transaction(async () => store.audit.after(id)),
      of: (subjectType, subjectId) => records.transaction(async () => store.audit.entries({ subjectType, subjectId })),
    },
    auditLastId: store.audit.lastId(),
    onAuditError: (err) =>
      logger.warn({ err }, 'metrics: the audit log could not be read; the release, rollout and refusal counts are those of the last scrape'),
  });
  const github = new OctokitGitHub(octokit, config.github.org);

  const slackLogger = boltLogger(logger);
  const receiver = new SocketModeReceiver({
    appToken: config.slack.appToken,
    logger: slackLogger,
    installerOptions: { clientOptions: { slackApiUrl: config.slack.apiUrl } },
  });
  const app = new App({ token: config.slack.botToken, receiver, logger: slackLogger, clientOptions: { slackApiUrl: config.slack.apiUrl } });
  app.error(async (error) => {
    logger.error({ err: error }, 'Slack listener failed');
  });
  let slackConnected = false;
  receiver.client.on('connected', () => {
    slackConnected = true;
  });
  for (const down of ['disconnected', 'reconnecting', 'disconnecting'])
    receiver.client.on(down, () => {
      slackConnected = false;
    });

  const slackError = (method: string, error: string) => metrics.slackErrors.inc({ method, error });
  const webSlack = new WebSlack(app.client, slackError);
  const deps: Deps = {
    config,
    store: records,
    github,
    orgReader: new GraphqlOrgReader(octokit, config.github.org),
    deployments: new OctokitDeployments(octokit, config.github.org),
    narrator: slackNarrator,
    directory: webSlack,
    logger,
    deployer: makeDeployer({ rollout: config.policy.rollout, env: o.env, octokit, org: config.github.org, retry: o.deployRetry }),
    now,
  };
  const listenerDeps: ListenerDeps = { ...deps, slack: webSlack };
  // The outbox's own client: no retries inside the call (the outbox retries, and knows what it sent),
  // rate limits answered at once rather than waited out, and a timeout.
  const outboxClient = new webApi.WebClient(config.slack.botToken, {
    slackApiUrl: config.slack.apiUrl,
    logger: slackLogger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  });
  const outbox = new OutboxSender({
    outbox: outboxQueue,
    slack: new WebSlack(outboxClient, slackError),
    logger: logger.child({ component: 'outbox' }),
    backoff: o.outboxBackoff,
  });
  store.outbox.onOwed(() => outbox.wake());
  const background = new BackgroundWork(logger);
  const runner = new ReleaseRunner(deps, background, { stepRetry: o.githubRetry?.step });
  const batchRunner = new BatchRunner(deps, runner, background, config.cardIntervalMs);
  const rollouts = new RolloutRunner(deps, background);
  const track: BackgroundWork['start'] = (context, f) => background.start(context, f);
  // What a freeze held goes when it ends (each supervised, none awaited by the watcher).
  const freezes = new FreezeWatcher(deps, background, {
    resumeRelease: (id) => void runner.run(id),
    releaseHeldRollouts: () => void track({ what: 'rollouts held by a freeze' }, () => rollouts.releaseHeld()),
    resumeTrains: () => void track({ what: 'release trains held by a freeze' }, () => batchRunner.resumeAll()),
  });
  registerReleaseCommand(app, listenerDeps, { onFreezeChange: () => freezes.wake() });
  registerReleaseActions(app, listenerDeps, runner);
  registerReleaseAnyway(app, listenerDeps, runner);
  registerConnectorsCommand(app, listenerDeps);
  registerBatchActions(app, listenerDeps, batchRunner);
  const expiry = new ExpiryTimer(deps, background, { now });
  registerDeployCommand(app, listenerDeps, rollouts);
  registerRolloutActions(app, listenerDeps, rollouts);

  // The last line of defence: every path is supervised, so this should never run; if it does, it says so loudly.
  const onUnhandled = (reason: unknown) => logger.fatal({ err: reason }, 'unhandled rejection: a promise ran unsupervised (a bug); the process keeps running');
  process.on('unhandledRejection', onUnhandled);

  // Proposals from pushes are made as many at once as GitHub calls may be, a repository's in the order its pushes came.
  const deliveryLanes = new KeyedLimiter(config.github.concurrency);
  const processDelivery = (received: ReceivedDelivery) =>
    track({ what: `delivery ${received.id}`, deliveryId: received.id }, async () => {
      // After the answer, not in its turn of the event loop: the next request is read first.
      await new Promise((resolve) => setImmediate(resolve));
      const delivery = received.body || received.source !== 'github' ? received : { ...received, body: JSON.parse(received.payload) as object };
      await handleDelivery(
        deps,
        delivery,
        (repo, work) => deliveryLanes.run(repo, work),
        (repo, sha) => runner.checksChanged(repo, sha) + batchRunner.checksChanged(repo, sha),
      );
    });

  const delivered = (event: string, outcome: string) => metrics.webhookDeliveries.inc({ event, outcome });
  const server: Server = await startHttpServer(
    [
      githubWebhookRoute({ secret: config.github.webhookSecret, deliveries: deps.store.deliveries, logger, onStored: processDelivery, onOutcome: delivered }),
      healthzRoute({ databaseWritable: store.writable, slackConnected: () => slackConnected, outbox: () => outboxQueue.backlog() }),
      metricsRoute({ registry: metrics.registry, token: config.metricsToken }),
      buildNoticeRoute({
        secret: config.buildWebhookSecret,
        connectorPrefix: config.policy.connectors.prefix,
        deliveries: deps.store.deliveries,
        logger,
        onStored: processDelivery,
        onOutcome: delivered,
      }),
      ...(o.routes ?? []),
    ],
    config.port,
    logger,
    o.host,
  );
  await app.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, org: config.github.org }, 'release-bot started');
  outbox.start();

  // Resume what a previous run left: proposals never posted, deliveries never handled, releases in flight.
  for (const release of await deps.store.releases.unposted()) track({ what: 'posting the proposal', releaseId: release.id }, () => postProposal(deps, release));
  for (const batch of await deps.store.batches.unposted()) track({ what: 'posting the release-train card', batchId: batch.id }, () => postCard(deps, batch));
  for (const delivery of await deps.store.deliveries.pending()) processDelivery(delivery);
  track({ what: 'resuming releases' }, () => runner.resumeAll());
  track({ what: 'resuming release trains' }, () => batchRunner.resumeAll());
  track({ what: 'resuming rollouts' }, () => rollouts.resumeAll());
  const digest = new DigestScheduler(deps, background, o.now);
  digest.start();
  // Proposals that expired while the bot was down expire now; the timer takes the rest on time.
  void expiry.start();
  // Scheduled freezes told and held work resumed, also what changed while the bot was down.
  void freezes.start();
  // A new proposal may expire before the one the timer waits for: every owed message wakes it (a cheap query).
  store.outbox.onOwed(() => expiry.wake());

  return {
    config,
    port,
    store,
    logger,
    async idle() {
      await background.idle();
      await outbox.drained();
    },
    async stop(s = {}) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await app.stop();
      expiry.stop();
      freezes.stop();
      runner.stop();
      batchRunner.stop();
      digest.stop();
      const settled = background.idle();
      await Promise.race([settled, new Promise((r) => setTimeout(r, s.graceMs ?? 5000).unref())]);
      await outbox.stop(s.outboxMs ?? 0);
      server.closeAllConnections();
      await closed;
      store.close();
      process.off('unhandledRejection', onUnhandled);
    },
  };
}

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
import { responseUrlFetch } from './slack/response-url-fetch.js';
import { register as registerReleaseCommand } from './slack/commands/release.js';
import { register as registerReleaseActions } from './slack/actions/release-actions.js';
import { register as registerConnectorsCommand } from './slack/commands/connectors.js';
import { register as registerBatchActions } from './slack/actions/batch-actions.js';
import type { Store } from './store/store.js';
import { databasePassword, openBotDatabase } from './store/open-bot-database.js';
import { hostname } from 'node:os';
import type { Deps } from './workflows/deps.js';
import { handleDelivery } from './workflows/handle-delivery.js';
import { KeyedLimiter } from './workflows/keyed-limiter.js';
import { IntakeLull } from './workflows/intake-lull.js';
import { StoredDeliveries } from './workflows/stored-deliveries.js';
import type { ReceivedDelivery } from './workflows/ports/delivery-records.js';
import { ReleaseRunner, type StepRetry } from './workflows/release-runner.js';
import { BatchRunner } from './workflows/batch-runner.js';
import { resumeLeftWork } from './workflows/resume-left-work.js';
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
import { slackNarrator } from './slack/slack-narrator.js';
import type { ListenerDeps } from './slack/listener-deps.js';
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
  /** the SQLite store (tests and the sandbox read it); absent on PostgreSQL */
  store?: Store;
  /** this replica's name (RELEASE_BOT_REPLICA_ID, or the host name and process id) */
  replicaId: string;
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
      databasePassword(config.databaseUrl),
    ],
    sink: o.sink,
    level: o.logLevel ?? config.logLevel,
  });
  const now = o.now ?? (() => new Date());
  const replicaId = config.replicaId ?? `${hostname()}-${process.pid}`;
  // Several replicas share GitHub's write limits through the database, once it is open.
  let sharedWrites: { acquire(): Promise<() => void> } | undefined;
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
      sharedWrites: { acquire: () => sharedWrites?.acquire() ?? Promise.resolve(() => {}) },
      onExchange: (e) => {
        metrics?.githubRequests.inc({ method: e.method, status: e.status });
        if (e.rateLimit) metrics?.githubRateLimitRemaining.set({ resource: e.rateLimit.resource }, e.rateLimit.remaining);
      },
    },
    logger,
  );
  const database = await openBotDatabase(config, replicaId, (error) => {
    // Its claims are gone while its work goes on: another replica may start the same step. Stop now; the orchestrator restarts it.
    logger.fatal({ err: error }, "the connection that holds this replica's claims to PostgreSQL was lost: stopping, so no step runs twice");
    process.exit(70);
  });
  if (database.kind === 'postgresql') sharedWrites = database.writeBudget;
  const records = database.records;
  const outboxQueue = database.outboxQueue;
  // One registry per bot; the audit is read outside any unit of work, so an entry of a step still in its transaction is never counted.
  metrics = makeBotMetrics({
    outboxPending: async () => (await outboxQueue.backlog()).pending,
    audit: database.audit,
    auditLastId: await database.audit.lastId(),
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
  const slackError = (method: string, error: string) => metrics.slackErrors.inc({ method, error });
  const app = new App({
    token: config.slack.botToken,
    receiver,
    logger: slackLogger,
    // Bolt's own HTTP calls: a refused answer to a response_url is counted, as WebSlack counts the Web API's.
    clientOptions: { slackApiUrl: config.slack.apiUrl, fetch: responseUrlFetch(config.slack.apiUrl, slackError) },
  });
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
    claims: database.claims,
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
    // Another replica's owing is heard (NOTIFY); the poll is the fallback for one missed while reconnecting.
    pollMs: database.kind === 'postgresql' ? 2000 : undefined,
  });
  database.onOwed(() => outbox.wake());
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
  // During a burst of webhooks the answers go first; the work waits for a lull (2 s at most).
  const lull = new IntakeLull({ quietMs: 20, maxDeferMs: 2000 });
  const arrived = () => lull.arrived();
  // A stored delivery's work, claimed: with several replicas, one of them handles it.
  const handleStored = (delivery: ReceivedDelivery) =>
    database.claims.hold(`delivery:${delivery.id}`, async () => {
      // Another replica may have handled it meanwhile (a sweep took it over): then it is at rest.
      if (database.kind === 'postgresql' && (await records.deliveries.get(delivery.id))?.status !== 'pending') return;
      await handleDelivery(
        deps,
        delivery,
        (repo, work) => deliveryLanes.run(repo, work),
        (repo, sha) => runner.checksChanged(repo, sha) + batchRunner.checksChanged(repo, sha),
      );
    });
  const stored = new StoredDeliveries({ lull, load: (id) => records.deliveries.get(id), handle: handleStored, background });
  const processDelivery = (received: ReceivedDelivery) => stored.add(received.id);

  const delivered = (event: string, outcome: string) => metrics.webhookDeliveries.inc({ event, outcome });
  const server: Server = await startHttpServer(
    [
      githubWebhookRoute({
        secret: config.github.webhookSecret,
        deliveries: deps.store.deliveries,
        logger,
        onArrival: arrived,
        onStored: processDelivery,
        onOutcome: delivered,
      }),
      healthzRoute({
        replica: replicaId,
        database: database.kind,
        databaseWritable: () => database.writable(),
        slackConnected: () => slackConnected,
        outbox: () => outboxQueue.backlog(),
      }),
      metricsRoute({ registry: metrics.registry, token: config.metricsToken }),
      buildNoticeRoute({
        secret: config.buildWebhookSecret,
        connectorPrefix: config.policy.connectors.prefix,
        deliveries: deps.store.deliveries,
        logger,
        onArrival: arrived,
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
  logger.info({ port, org: config.github.org, replica: replicaId, database: database.kind }, 'release-bot started');
  // One sender of the outbox for the organisation: with several replicas, the one holding its claim
  // (another takes it over at its sweep when that one dies); Slack's pacing is then the sender's own.
  let stopping = false;
  // Not background work that comes to rest (idle() would wait for it forever): it runs until stop().
  const sendOutbox = () => {
    if (stopping) return;
    database.claims
      .hold('outbox', () => outbox.run())
      .catch((error: unknown) => logger.error({ err: error }, 'the Slack outbox stopped; another replica or the next sweep takes it over'));
  };
  sendOutbox();

  // Resume what a previous run left: proposals never posted, deliveries never handled, releases in flight.
  const runners = {
    releases: runner,
    trains: batchRunner,
    rollouts,
    handle: (delivery: ReceivedDelivery) => void track({ what: `delivery ${delivery.id}`, deliveryId: delivery.id }, () => handleStored(delivery)),
  };
  await resumeLeftWork(deps, runners, background);
  // With several replicas, what a dead replica held is taken over (its claims ended with it).
  const takeover =
    database.kind === 'postgresql'
      ? setInterval(() => {
          sendOutbox();
          void track({ what: "taking over a stopped replica's work" }, () =>
            resumeLeftWork(deps, runners, background, { deliveriesOlderThanMs: config.takeoverMs }),
          );
        }, config.takeoverMs)
      : undefined;
  takeover?.unref();
  const digest = new DigestScheduler(deps, background, o.now);
  digest.start();
  // Proposals that expired while the bot was down expire now; the timer takes the rest on time.
  void expiry.start();
  // Scheduled freezes told and held work resumed, also what changed while the bot was down.
  void freezes.start();
  // A new proposal may expire before the one the timer waits for: every owed message wakes it (a cheap query).
  database.onOwed(() => expiry.wake());

  return {
    config,
    port,
    store: database.sqlite,
    replicaId,
    logger,
    async idle() {
      await background.idle();
      await outbox.drained();
    },
    async stop(s = {}) {
      stopping = true;
      clearInterval(takeover);
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
      await database.close();
      process.off('unhandledRejection', onUnhandled);
    },
  };
}

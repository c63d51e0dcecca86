import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AuditMetrics, type AuditReader } from './audit-metrics.js';

/**
 * The bot's metrics (DESIGN.md §9), in a registry of its own rather than prom-client's global
 * one, so that several bots in one process (the tests) do not collide. Names and labels follow
 * https://prometheus.io/docs/practices/naming/: `_total` counters, base units (`_seconds`), and
 * labels of a few values each: never a SHA, a user id, a repository or a version.
 */
export interface BotMetrics {
  registry: Registry;
  /** releases that reached an end: released (the notice), failed, skipped, expired */
  releases: Counter<'status'>;
  /** from the approval to the notice */
  releaseDuration: Histogram;
  rollouts: Counter<'status'>;
  /** clicks and commands refused by the approver guard */
  refusals: Counter<'subject' | 'action'>;
  webhookDeliveries: Counter<'event' | 'outcome'>;
  githubRequests: Counter<'method' | 'status'>;
  githubRateLimitRemaining: Gauge<'resource'>;
  slackErrors: Counter<'method' | 'error'>;
  outboxPending: Gauge;
}

export interface MetricSources {
  /** messages owed to Slack and not sent yet, read at scrape time */
  outboxPending: () => number | Promise<number>;
  /** the audit, which the counters of releases, rollouts and refusals are read from at each scrape */
  audit: AuditReader;
  /** the audit's last entry when the bot started: what came before is not counted */
  auditLastId: number;
  /** the clock the audit's entries are written with (the database's: the real one) */
  now?: () => number;
  /** the audit could not be read: the scrape goes on with the counts of the last one (a database in trouble is when metrics matter) */
  onAuditError?: (error: unknown) => void;
}

// A release takes seconds when GitHub is quick, hours when checks hold it: 1 s to 6 h.
const DURATION_BUCKETS = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600];

export function makeBotMetrics(sources: MetricSources): BotMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  // Read from the audit at each scrape: once, however many metrics ask at once (prom-client collects them in parallel).
  let catching: Promise<void> | undefined;
  const collect = async () => {
    catching ??= fromAudit
      .catchUp()
      .catch((error: unknown) => sources.onAuditError?.(error))
      .finally(() => {
        catching = undefined;
      });
    await catching;
  };
  const fromAudit = new AuditMetrics(
    sources.audit,
    {
      releases: new Counter({
        name: 'release_bot_releases_total',
        help: 'Releases that reached an end: released (the notice), failed, skipped, expired.',
        labelNames: ['status'],
        registers,
        collect,
      }),
      releaseDuration: new Histogram({
        name: 'release_bot_release_duration_seconds',
        help: 'Time from the approval of a release to its notice.',
        buckets: DURATION_BUCKETS,
        registers,
        collect,
      }),
      rollouts: new Counter({
        name: 'release_bot_rollouts_total',
        help: 'Rollouts that moved to deployed, failed, rolled_back or held.',
        labelNames: ['status'],
        registers,
        collect,
      }),
      refusals: new Counter({
        name: 'release_bot_refusals_total',
        help: 'Clicks and commands refused because the person may not do them (audited).',
        labelNames: ['subject', 'action'],
        registers,
        collect,
      }),
    },
    sources.auditLastId,
    { now: sources.now },
  );
  return {
    registry,
    ...fromAudit.metrics,
    webhookDeliveries: new Counter({
      name: 'release_bot_webhook_deliveries_total',
      help: 'Webhook deliveries (GitHub events, and CI build notices as event "build") by event and outcome.',
      labelNames: ['event', 'outcome'],
      registers,
    }),
    githubRequests: new Counter({
      name: 'release_bot_github_requests_total',
      help: 'HTTP requests to GitHub, each attempt counted, by method and answer status ("error" when none came).',
      labelNames: ['method', 'status'],
      registers,
    }),
    githubRateLimitRemaining: new Gauge({
      name: 'release_bot_github_rate_limit_remaining',
      help: "Requests left in GitHub's primary rate limit, from the last answer's x-ratelimit-remaining, by x-ratelimit-resource.",
      labelNames: ['resource'],
      registers,
    }),
    slackErrors: new Counter({
      name: 'release_bot_slack_errors_total',
      help: 'Slack Web API calls that failed, by method and error (the ok:false code, ratelimited, http_<status> or request_error).',
      labelNames: ['method', 'error'],
      registers,
    }),
    outboxPending: new Gauge({
      name: 'release_bot_outbox_pending',
      help: 'Slack messages owed and not sent yet.',
      registers,
      async collect() {
        this.set(await sources.outboxPending());
      },
    }),
  };
}

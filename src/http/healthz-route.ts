import { sendJson, type Route } from './http-server.js';

export interface HealthChecks {
  /** this replica's name: with several replicas, which one answered */
  replica: string;
  database: 'sqlite' | 'postgresql';
  /** true when the database takes a write */
  databaseWritable: () => Promise<boolean>;
  slackConnected: () => boolean;
  /** the Slack outbox: messages owed and not yet sent, the age of the oldest, and those Slack refused for good */
  outbox: () => Promise<OutboxBacklog> | OutboxBacklog;
}

type OutboxBacklog = { pending: number; oldestAgeSeconds: number | null; failed: number };

/**
 * `GET /healthz`: 200 when the database takes a write and Slack is connected, 503 with the
 * reason otherwise; always with the outbox backlog. A backlog alone is not unhealthy: Slack
 * being slow delays messages, and restarting the bot would not help.
 */
export function healthzRoute(checks: HealthChecks): Route {
  return {
    method: 'GET',
    path: '/healthz',
    async handle(_req, res) {
      const problems: string[] = [];
      if (!(await checks.databaseWritable().catch(() => false))) problems.push('the database cannot be written');
      if (!checks.slackConnected()) problems.push('the Slack Socket Mode connection is down');
      let outbox: OutboxBacklog | null = null;
      try {
        outbox = await checks.outbox();
      } catch {
        if (problems.length === 0) problems.push('the outbox cannot be read');
      }
      const who = { replica: checks.replica, database: checks.database };
      sendJson(res, problems.length === 0 ? 200 : 503, problems.length === 0 ? { ok: true, ...who, outbox } : { ok: false, problems, ...who, outbox });
    },
  };
}

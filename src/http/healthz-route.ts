import { sendJson, type Route } from './http-server.js';

/** `GET /healthz`: 200 when the database answers and Slack is connected, 503 with the reason otherwise. */
export function healthzRoute(checks: { database: () => boolean; slackConnected: () => boolean }): Route {
  return {
    method: 'GET',
    path: '/healthz',
    handle(_req, res) {
      const problems: string[] = [];
      if (!checks.database()) problems.push('the database does not answer');
      if (!checks.slackConnected()) problems.push('the Slack Socket Mode connection is down');
      sendJson(res, problems.length === 0 ? 200 : 503, problems.length === 0 ? { ok: true } : { ok: false, problems });
    },
  };
}

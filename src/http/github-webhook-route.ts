import { verify } from '@octokit/webhooks-methods';
import type { Logger } from 'pino';
import type { DeliveryStore } from '../store/delivery-store.js';
import { sendJson, type Route } from './http-server.js';
import { BodyTooLarge, readBody } from './read-body.js';

/**
 * `POST /api/github/webhooks`: verified, deduplicated by `X-GitHub-Delivery`, stored, answered;
 * the work runs after the answer (GitHub wants one within 10 s).
 */
export function githubWebhookRoute(o: {
  secret: string;
  deliveries: DeliveryStore;
  logger: Logger;
  onStored: (deliveryId: string) => void;
}): Route {
  return {
    method: 'POST',
    path: '/api/github/webhooks',
    async handle(req, res) {
      const event = header(req.headers['x-github-event']);
      const id = header(req.headers['x-github-delivery']);
      const signature = header(req.headers['x-hub-signature-256']);
      let body: string;
      try {
        body = await readBody(req);
      } catch (error) {
        if (error instanceof BodyTooLarge) return sendJson(res, 413, { error: error.message });
        throw error;
      }
      if (!signature) return sendJson(res, 401, { error: 'missing X-Hub-Signature-256 header: set a secret on the GitHub webhook, the same as GITHUB_WEBHOOK_SECRET' });
      if (!/^sha256=[0-9a-f]{64}$/.test(signature) || !(await verify(o.secret, body, signature))) {
        o.logger.warn({ deliveryId: id, event }, 'webhook signature does not match');
        return sendJson(res, 401, { error: 'X-Hub-Signature-256 does not match the body: check that the webhook secret in GitHub equals GITHUB_WEBHOOK_SECRET' });
      }
      if (!event || !id) return sendJson(res, 400, { error: `missing ${!event ? 'X-GitHub-Event' : 'X-GitHub-Delivery'} header` });
      try {
        JSON.parse(body);
      } catch {
        return sendJson(res, 400, { error: 'body is not JSON: set the webhook content type to application/json' });
      }
      const stored = o.deliveries.insert({ id, source: 'github', event, payload: body });
      if (!stored) {
        o.logger.info({ deliveryId: id, event }, 'redelivery ignored');
        return sendJson(res, 200, { ok: true, duplicate: true });
      }
      sendJson(res, 202, { ok: true });
      o.onStored(id);
    },
  };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

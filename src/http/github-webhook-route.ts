import { sendJson, type Route } from './http-server.js';
import { readSignedBody } from './read-signed-body.js';
import { keptPush } from '../domain/kept-push.js';
import { eventLabel, refusedOutcome, type DeliveryIntake } from './delivery-outcome.js';

/**
 * `POST /api/github/webhooks`: verified, deduplicated by `X-GitHub-Delivery`, stored, answered;
 * the work runs after the answer (GitHub wants one within 10 s). Storing is one prepared insert,
 * committed with the others of the same turn (group commit), and the body is parsed once here: what
 * the delivery means is decided after the answer, from the stored row (the bot keeps only its id meanwhile).
 */
export function githubWebhookRoute(o: DeliveryIntake & { secret: string }): Route {
  const told = o.onOutcome ?? (() => {});
  return {
    method: 'POST',
    path: '/api/github/webhooks',
    async handle(req, res) {
      o.onArrival?.();
      const event = header(req.headers['x-github-event']);
      const id = header(req.headers['x-github-delivery']);
      const signed = await readSignedBody(req, {
        secret: o.secret,
        secretName: 'GITHUB_WEBHOOK_SECRET',
        missingHint: 'set a secret on the GitHub webhook, the same as GITHUB_WEBHOOK_SECRET',
      });
      if (!signed.ok) {
        if (signed.status === 401) o.logger.warn({ deliveryId: id, event }, signed.error);
        // Until the signature is checked, the event header is anybody's word: not a label.
        told('unverified', refusedOutcome(signed.status));
        return sendJson(res, signed.status, { error: signed.error });
      }
      const body = signed.body;
      const label = eventLabel(event);
      if (!event || !id) {
        told(label, 'invalid');
        return sendJson(res, 400, { error: `missing ${!event ? 'X-GitHub-Event' : 'X-GitHub-Delivery'} header` });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        told(label, 'invalid');
        return sendJson(res, 400, { error: 'body is not JSON: set the webhook content type to application/json' });
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        told(label, 'invalid');
        return sendJson(res, 400, { error: 'body is JSON but not an object: GitHub sends every event as a JSON object' });
      }
      // A push is kept as the fields the bot reads (a tenth of its size); other events as they came. The row is what the work reads later.
      const kept = event === 'push' ? keptPush(parsed as Record<string, unknown>) : parsed;
      const delivery = { id, source: 'github' as const, event, payload: kept === parsed ? body : JSON.stringify(kept) };
      if (!(await o.deliveries.insert(delivery))) {
        o.logger.info({ deliveryId: id, event }, 'redelivery ignored');
        told(label, 'duplicate');
        return sendJson(res, 200, { ok: true, duplicate: true });
      }
      sendJson(res, 202, { ok: true });
      told(label, 'accepted');
      o.onStored(delivery);
    },
  };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

import { createHash } from 'node:crypto';
import { parseBuildNotice } from '../domain/parse-build-notice.js';
import type { BuildNotice } from '../domain/rollout-model.js';
import { sendJson, type Route } from './http-server.js';
import { readSignedBody } from './read-signed-body.js';
import { refusedOutcome, type DeliveryIntake } from './delivery-outcome.js';

/** Build notices are small; 64 KiB is plenty and keeps an unauthenticated body cheap to refuse. */
const MAX_NOTICE_BYTES = 64 * 1024;

/** The same build, however its JSON was spaced, has one delivery id: a repeat is a redelivery. */
export function buildDeliveryId(n: BuildNotice): string {
  return `build-${createHash('sha256')
    .update(JSON.stringify([n.connectorId, n.version, n.image]))
    .digest('hex')
    .slice(0, 32)}`;
}

/**
 * `POST /api/builds`: a build notice from CI, signed like GitHub's webhooks
 * (`X-Hub-Signature-256: sha256=HMAC-SHA256(BUILD_WEBHOOK_SECRET, body)`). Verified, read,
 * deduplicated, stored, answered; the rollout runs after the answer. Nothing is stored for a
 * notice that is refused.
 */
/** `onOutcome` is told of every notice as event "build" ("unverified" until its signature is checked). */
export function buildNoticeRoute(o: DeliveryIntake & { secret: string | undefined; connectorPrefix: string }): Route {
  const told = o.onOutcome ?? (() => {});
  return {
    method: 'POST',
    path: '/api/builds',
    async handle(req, res) {
      o.onArrival?.();
      if (!o.secret) {
        told('unverified', 'unauthorized');
        return sendJson(res, 503, { error: 'build notices are turned off: set BUILD_WEBHOOK_SECRET on the bot, and sign notices with it' });
      }
      const signed = await readSignedBody(req, {
        secret: o.secret,
        secretName: 'BUILD_WEBHOOK_SECRET',
        maxBytes: MAX_NOTICE_BYTES,
        missingHint: 'send sha256=<HMAC-SHA256 of the body with BUILD_WEBHOOK_SECRET, in hex>',
      });
      if (!signed.ok) {
        if (signed.status === 401) o.logger.warn({ path: '/api/builds' }, signed.error);
        told('unverified', refusedOutcome(signed.status));
        return sendJson(res, signed.status, { error: signed.error });
      }
      const body = signed.body;
      const parsed = parseBuildNotice(body, { connectorPrefix: o.connectorPrefix });
      if (!parsed.ok) {
        told('build', 'invalid');
        return sendJson(res, parsed.status, { error: parsed.error });
      }
      const id = buildDeliveryId(parsed.notice);
      const payload = JSON.stringify({ build: { type: 'connector', ...parsed.notice } });
      const delivery = { id, source: 'build' as const, event: 'build', payload };
      if (!(await o.deliveries.insert(delivery))) {
        o.logger.info({ deliveryId: id }, 'build notice received before: ignored');
        told('build', 'duplicate');
        return sendJson(res, 200, { ok: true, duplicate: true, deliveryId: id });
      }
      sendJson(res, 202, { ok: true, deliveryId: id });
      told('build', 'accepted');
      o.onStored(delivery);
    },
  };
}

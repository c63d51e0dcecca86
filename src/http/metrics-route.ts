import { createHash, timingSafeEqual } from 'node:crypto';
import type { Registry } from 'prom-client';
import { sendJson, type Route } from './http-server.js';

/**
 * `GET /metrics`: the registry in Prometheus text format. With `METRICS_TOKEN` set, only for
 * `Authorization: Bearer <token>` (what Prometheus sends with `authorization: { credentials }`
 * in a scrape config: https://prometheus.io/docs/prometheus/latest/configuration/configuration/#scrape_config).
 */
export function metricsRoute(o: { registry: Registry; token: string | undefined }): Route {
  const expected = o.token === undefined ? undefined : digest(o.token);
  return {
    method: 'GET',
    path: '/metrics',
    async handle(req, res) {
      if (expected && !authorized(req.headers.authorization, expected)) {
        res.setHeader('www-authenticate', 'Bearer realm="metrics"');
        return sendJson(res, 401, { error: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>' });
      }
      const text = await o.registry.metrics();
      res.writeHead(200, { 'content-type': o.registry.contentType, 'content-length': Buffer.byteLength(text) });
      res.end(text);
    },
  };
}

function authorized(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  // Digests of equal length, compared in constant time: neither the token nor its length leaks.
  return match !== null && timingSafeEqual(digest(match[1]!), expected);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

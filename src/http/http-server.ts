import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';

export interface Route {
  method: string;
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** One port for every route (webhooks, build notices, health, the sandbox page). */
/** `host` undefined listens on every interface (GitHub must reach the webhook route). */
export function startHttpServer(routes: readonly Route[], port: number, logger: Logger, host?: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find((r) => r.path === path && r.method === req.method);
    if (!route) {
      const known = routes.some((r) => r.path === path);
      sendJson(res, known ? 405 : 404, { error: known ? `${req.method} is not allowed on ${path}` : `no route ${path}` });
      return;
    }
    Promise.resolve(route.handle(req, res)).catch((error: unknown) => {
      logger.error({ err: error, path }, 'route failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

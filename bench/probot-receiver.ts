/**
 * A no-op Probot app (Probot 14, a devDependency), the receiver issue 11 measures the bot's intake
 * against: Probot's own Node middleware verifies `X-Hub-Signature-256`, parses the payload and runs
 * an empty `push` handler, storing nothing. Started by `npm run bench:intake` in a child process,
 * as the bot is; prints the port it listens on.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { Probot, createNodeMiddleware } from 'probot';

// Probot insists on App credentials; a no-op app never calls GitHub, so any key will do.
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const probot = new Probot({ appId: 1, privateKey, secret: process.env.GITHUB_WEBHOOK_SECRET ?? '', logLevel: 'warn' });
const middleware = await createNodeMiddleware(
  (app) => {
    app.on('push', async () => {});
  },
  { probot, webhooksPath: '/api/github/webhooks' },
);
const server = createServer((req, res) => {
  void middleware(req, res, () => {
    res.writeHead(404);
    res.end();
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ listening: typeof address === 'object' && address ? address.port : 0 }));
});

// Leaves through exit(), so a profile asked for with --cpu-prof is written.
process.on('SIGTERM', () => process.exit(0));

/**
 * The cheapest honest receiver, for `npm run bench:intake` to measure against on the same machine
 * and client: it reads the body, checks `X-Hub-Signature-256`, parses the JSON and answers 202,
 * storing nothing: less than a no-op Probot app does (bench/probot-receiver.ts), the machine's ceiling.
 */
import { createServer } from 'node:http';
import { verify } from '@octokit/webhooks-methods';

const secret = process.env.GITHUB_WEBHOOK_SECRET ?? '';
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const signature = String(req.headers['x-hub-signature-256'] ?? '');
    const ok = await verify(secret, body, signature);
    if (ok) JSON.parse(body);
    res.writeHead(ok ? 202 : 401, { 'content-type': 'application/json' });
    res.end(ok ? '{"ok":true}' : '{"error":"signature"}');
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ listening: typeof address === 'object' && address ? address.port : 0 }));
});

// Leaves through exit(), so a profile asked for with --cpu-prof is written.
process.on('SIGTERM', () => process.exit(0));

import { createServer, type Server } from 'node:http';
import { sign } from '@octokit/webhooks-methods';
import { afterEach, describe, expect, it } from 'vitest';
import { readSignedBody } from '../../src/http/read-signed-body.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A server answering with what readSignedBody made of the request. */
async function serve(maxBytes?: number): Promise<string> {
  server = createServer(async (req, res) => {
    const got = await readSignedBody(req, { secret: 'it-is-a-secret', secretName: 'SECRET', missingHint: 'sign it', maxBytes });
    res.writeHead(got.ok ? 200 : got.status, { 'content-type': 'application/json' }).end(JSON.stringify(got));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
}

describe('readSignedBody', () => {
  it('takes a body signed with the secret, in several chunks, as its exact text (multi-byte characters too)', async () => {
    const url = await serve();
    const body = JSON.stringify({ message: 'fix: ünïcödé ✓', pad: 'x'.repeat(200_000) });
    const res = await fetch(url, { method: 'POST', body, headers: { 'x-hub-signature-256': await sign('it-is-a-secret', body) } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { body: string }).body).toBe(body);
  });

  it('refuses a body signed with another secret (401), and one larger than the bound (413)', async () => {
    const url = await serve(1000);
    const body = '{"a":1}';
    const wrong = await fetch(url, { method: 'POST', body, headers: { 'x-hub-signature-256': await sign('another-secret', body) } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/does not match the body/);
    const big = 'x'.repeat(5000);
    const large = await fetch(url, { method: 'POST', body: big, headers: { 'x-hub-signature-256': await sign('it-is-a-secret', big) } });
    expect(large.status).toBe(413);
  });
});

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign } from '@octokit/webhooks-methods';
import { APPROVER, RELEASE_CHANNEL, type World } from './world.js';

export const BUILD_SECRET = 'build-secret-9d1e77';
export const DEPLOY_TOKEN = 'deploy-token-5b2c31aa';
export const ROLLOUT_ENV = { BUILD_WEBHOOK_SECRET: BUILD_SECRET, DEPLOY_TOKEN };
/** Short waits between retries, so a test of four attempts takes a fraction of a second. */
export const FAST_RETRY = { attempts: 4, baseDelayMs: 40, timeoutMs: 3000 };

export function httpRolloutConfig(infraUrl: string, o: { requireApproval?: boolean } = {}): string {
  return [
    'approvers: [S0RELEASERS]',
    'rollout:',
    '  deployer: http',
    `  url: ${infraUrl}/api/connectors`,
    '  tokenEnv: DEPLOY_TOKEN',
    `  requireApproval: ${o.requireApproval ?? false}`,
    '',
  ].join('\n');
}

export interface InfraRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
  at: number;
}

/**
 * The infrastructure's deploy API on loopback: records every request and answers from a script
 * of statuses (200 once the script is used up). `hold` runs before an answer is sent.
 */
export class FakeInfra {
  readonly requests: InfraRequest[] = [];
  script: number[] = [];
  hold: ((req: InfraRequest) => Promise<void>) | undefined;
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeInfra> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const infra = new FakeInfra(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => void infra.answer(req, res));
    return infra;
  }

  puts(): InfraRequest[] {
    return this.requests.filter((r) => r.method === 'PUT');
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* recorded as text */
    }
    const record: InfraRequest = { method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, body, at: performance.now() };
    this.requests.push(record);
    if (this.hold) await this.hold(record);
    const status = this.script.shift() ?? 200;
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(status < 300 ? { ok: true } : { error: `scripted ${status}` }));
  }
}

/** CI's build notice, signed for real with BUILD_WEBHOOK_SECRET unless told otherwise. */
export async function postBuild(
  port: number,
  body: unknown,
  o: { secret?: string; signature?: string | null; raw?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const text = o.raw ?? JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'ci/test' };
  const signature = o.signature === undefined ? await sign(o.secret ?? BUILD_SECRET, text) : o.signature;
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  const res = await fetch(`http://127.0.0.1:${port}/api/builds`, { method: 'POST', headers, body: text });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export function build(version: string, connectorId = 'connector-foo') {
  return { build: { type: 'connector', connectorId, image: `ghcr.io/acme/${connectorId}:${version}`, version } };
}

/**
 * connector-foo released 1.3.0 before; a feature since. The bot proposes 1.4.0 on the push, an
 * approver approves, and the release is published: its message and thread are where the
 * rollout of 1.4.0 is told. Returns the release's parent message ts.
 */
export async function releaseConnector(world: World, connectorId = 'connector-foo', o: { beforeApprove?: (proposalTs: string) => void } = {}): Promise<string> {
  world.github.createRepo(connectorId);
  world.github.commit(connectorId, 'feat: first sync');
  world.github.tag(connectorId, '1.3.0');
  const before = world.github.head(connectorId);
  const after = world.github.commit(connectorId, 'feat: sync refunds');
  await world.webhook('push', world.github.pushPayload(connectorId, { before, after }));
  const proposal = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => m.text.includes(`${connectorId}: 1.3.0 → 1.4.0`)));
  o.beforeApprove?.(proposal.ts);
  await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
  await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)));
  await world.bot.idle();
  return proposal.ts;
}

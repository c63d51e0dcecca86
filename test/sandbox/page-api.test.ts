import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageState } from '../../src/sandbox/page/page-state.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/start-sandbox.js';

const APPROVER = 'U0APPROVER';
const DEVELOPER = 'U0DEVELOPER';
const RELEASES = 'C0RELEASES';
const DEV = 'C0DEV';

describe('the sandbox page API', () => {
  let sandbox: Sandbox;
  let dataDir: string;
  const logs: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sandbox-api-'));
    sandbox = await startSandbox({ env: { SANDBOX_DATA_DIR: dataDir }, sink: { write: (line) => void logs.push(line) }, port: 0 });
  });
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const url = (path: string) => new URL(path, sandbox.url).href;
  const post = async (path: string, body: unknown, contentType = 'application/json') => {
    const res = await fetch(url(`/sandbox/api/${path}`), { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(body) });
    // biome-ignore lint/suspicious/noExplicitAny: the page API's JSON, walked field by field in the assertions
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
  const state = async (userId = APPROVER, channelId = RELEASES) => {
    const res = await fetch(url(`/sandbox/api/state?user=${userId}&channel=${channelId}`));
    expect(res.status).toBe(200);
    return (await res.json()) as PageState;
  };
  const until = <T>(probe: () => Promise<T | undefined>) => expect.poll(probe, { timeout: 10_000, interval: 50 });

  it('serves the page with a policy that allows no inline script and no other origin', async () => {
    const res = await fetch(sandbox.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<script type="module" src="/sandbox/page.js">');
    const js = await fetch(url('/sandbox/page.js'));
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(logs.join('')).toContain(sandbox.url);
  });

  it('keeps the database in a file under the data directory', () => {
    expect(sandbox.databasePath).toBe(join(dataDir, 'sandbox.db'));
    expect(sandbox.bot.config.databasePath).toBe(sandbox.databasePath);
  });

  it('lists the seeded organisation: every path the bot takes', async () => {
    const s = await state();
    const names = s.repos.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['widget', 'site', 'connector-sdk', 'infra-dns']));
    expect(s.repos.filter((r) => r.connector)).toHaveLength(6);
    expect(s.repos.find((r) => r.name === 'site')?.tags).toEqual(['t2.4.0']);
    expect(s.channels.map((c) => c.name)).toEqual(['releases', 'dev']);
    expect(s.timeline).toEqual([]);
  });

  it('pushes a commit with a signed webhook and reports what the bot made of it', async () => {
    const { status, json } = await post('push', { repo: 'widget', message: 'feat: a new thing' });
    expect(status).toBe(200);
    expect(json.webhook.status).toBe(202);
    expect(json.delivery).toEqual({ status: 'processed', outcome: expect.stringContaining('v1.3.0') });
    await until(async () => (await state()).timeline.find((m) => m.text.includes('v1.2.3 → v1.3.0'))?.blocks?.length).toBeGreaterThan(0);
  });

  it('shows an ephemeral refusal to the non-approver only', async () => {
    const proposal = (await state()).timeline.find((m) => m.text.includes('→ v1.3.0'))!;
    const { status, json } = await post('click', { userId: DEVELOPER, channelId: RELEASES, messageTs: proposal.ts, actionId: 'release_approve' });
    expect(status).toBe(200);
    expect(json.acked).toBe(true);
    await until(async () => (await state(DEVELOPER)).timeline.find((m) => m.ephemeral)?.text).toMatch(/Only release approvers/);
    expect((await state(APPROVER)).timeline.some((m) => m.ephemeral)).toBe(false);
  });

  it('changes the bump through a select, as the approver', async () => {
    const proposal = (await state()).timeline.find((m) => m.text.includes('→ v1.3.0'))!;
    const major = JSON.stringify(proposal.blocks).match(/"value":"(\d+:major)"/)?.[1];
    expect(major).toBeDefined();
    const { json } = await post('select', { userId: APPROVER, channelId: RELEASES, messageTs: proposal.ts, actionId: 'release_bump', value: major! });
    expect(json.acked).toBe(true);
    await until(async () => (await state()).timeline.find((m) => m.ts === proposal.ts)?.text).toContain('v2.0.0');
  });

  it('forwards slash commands in the chosen channel, and plain messages as the user', async () => {
    const command = await post('say', { userId: APPROVER, channelId: DEV, text: '/release site minor' });
    expect(command.json).toMatchObject({ kind: 'command', command: '/release', acked: true });
    await until(async () => (await state(APPROVER, DEV)).timeline.find((m) => m.text.includes('t2.4.0 → t2.5.0'))?.ts).toBeTruthy();
    const said = await post('say', { userId: DEVELOPER, channelId: DEV, text: 'hello <!channel> & all' });
    expect(said.json).toEqual({ kind: 'message' });
    const mine = (await state(DEVELOPER, DEV)).timeline.find((m) => m.author === 'bob (developer)');
    expect(mine?.text).toBe('hello &lt;!channel&gt; &amp; all');
  });

  it("finishes site's running checks from the CI button: its release waiting for them goes on", async () => {
    await post('say', { userId: DEVELOPER, channelId: RELEASES, text: '/release site' });
    await until(async () => (await state()).timeline.find((m) => m.text.includes('t2.4.0 → t2.4.1'))?.ts).toBeTruthy();
    const posted = (await state()).timeline.find((m) => m.text.includes('t2.4.0 → t2.4.1'))!;
    expect(JSON.stringify(posted)).toContain('1 running');
    for (const userId of [DEVELOPER, APPROVER]) await post('click', { userId, channelId: RELEASES, messageTs: posted.ts, actionId: 'release_approve' });
    await until(async () => JSON.stringify((await state()).timeline.find((m) => m.ts === posted.ts))).toContain('waiting for the checks');
    expect((await post('ci', { repo: 'widget', conclusion: 'success' })).status).toBe(400);
    const { json } = await post('ci', { repo: 'site', conclusion: 'success' });
    expect(json.finished).toEqual(['e2e']);
    expect(json.answers.map((a: { status: number }) => a.status)).toEqual([202, 202]);
    await until(async () => (await state()).timeline.find((m) => m.text.includes('t2.4.1 is released'))?.ts).toBeTruthy();
  });

  it('starts CI on each push to site, so its proposal shows the new commit running', async () => {
    const { json } = await post('push', { repo: 'site', message: 'fix: typo on the pricing page' });
    await until(async () => JSON.stringify((await state()).timeline.find((m) => m.text.includes('t2.4.1 → t2.4.2')) ?? '')).toContain('1 running');
    expect(json.delivery?.status).toBe('processed');
  });

  it('shows /release stats and /connectors status from the seeded weeks of history', async () => {
    await post('say', { userId: DEVELOPER, channelId: DEV, text: '/release stats' });
    await until(async () => (await state(DEVELOPER, DEV)).timeline.find((m) => m.text.startsWith('Delivery stats: 30 days'))?.ts).toBeTruthy();
    await post('say', { userId: DEVELOPER, channelId: DEV, text: '/connectors status' });
    await until(async () => (await state(DEVELOPER, DEV)).timeline.find((m) => /\d+ of \d+ connectors drift/.test(m.text))?.ts).toBeTruthy();
  });

  it('refuses what Slack would refuse, and explains', async () => {
    expect((await post('say', { userId: APPROVER, channelId: RELEASES, text: '/rm -rf' })).json.error).toContain('declares /release, /connectors, /deploy');
    expect((await post('say', { userId: 'U0MALLORY', channelId: RELEASES, text: 'hi' })).status).toBe(400);
    expect((await post('push', { repo: 'not-a-repo', message: 'x' })).status).toBe(400);
    const missing = await post('click', { userId: APPROVER, channelId: RELEASES, messageTs: '1.000001', actionId: 'release_approve' });
    expect(missing.status).toBe(409);
    expect(missing.json.error).toContain('No message');
    // No modal is open: nothing to submit or close.
    const noModal = await post('submit', { userId: APPROVER, values: { reason: 'x' } });
    expect(noModal.status).toBe(409);
    expect(noModal.json.error).toContain('No modal is open');
    expect((await post('dismiss', { userId: APPROVER })).status).toBe(409);
    expect((await post('submit', { userId: APPROVER, values: 'x' })).status).toBe(400);
    expect((await state()).modal).toBeUndefined();
    // A cross-site form can only send form or text bodies: refused before anything happens.
    expect((await post('push', { repo: 'widget', message: 'x' }, 'text/plain')).status).toBe(415);
    expect((await fetch(url('/sandbox/api/state?user=U0MALLORY'))).status).toBe(400);
  });

  it('sends CI build notices signed, and shows whatever the bot answers', async () => {
    const { status, json } = await post('build', { connectorId: 'connector-stripe' });
    expect(status).toBe(200);
    expect(json.request).toEqual({
      build: { type: 'connector', connectorId: 'connector-stripe', image: 'ghcr.io/acme/connector-stripe:1.0.0', version: '1.0.0' },
    });
    expect(json.answer.status).toEqual(expect.any(Number));
    expect((await post('build', { connectorId: 'widget' })).status).toBe(400);
  });

  it('pushes to the seeded release branches: a beta from develop, a fix on the 1.2.x line, and refuses another branch', async () => {
    const beta = await post('push', { repo: 'widget', branch: 'develop', message: 'fix: dark mode contrast' });
    expect(beta.json.delivery).toEqual({ status: 'processed', outcome: expect.stringContaining('v1.3.0-beta.1') });
    const fix = await post('push', { repo: 'widget', branch: '1.2.x', message: 'fix: a backported fix' });
    expect(fix.json.delivery).toEqual({ status: 'processed', outcome: expect.stringContaining('v1.2.4') });
    const feature = await post('push', { repo: 'widget', branch: '1.2.x', message: 'feat: not for a maintenance line' });
    expect(feature.json.delivery).toEqual({ status: 'skipped', outcome: expect.stringContaining('would leave the 1.2.x line') });
    const other = await post('push', { repo: 'widget', branch: 'feature/x', message: 'feat: x' });
    expect(other.status).toBe(400);
    expect(other.json.error).toContain('push to main, develop, 1.2.x');
  });

  it('streams a change event when a message is posted', async () => {
    const controller = new AbortController();
    const res = await fetch(url('/sandbox/api/events'), { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    const hello = await reader.read();
    seen += decoder.decode(hello.value);
    expect(seen).toContain('event: hello');
    sandbox.slack.userMessage({ channelId: RELEASES, userId: DEVELOPER, text: 'ping' });
    while (!seen.includes('event: change')) seen += decoder.decode((await reader.read()).value);
    controller.abort();
  });
});

describe('stopping the sandbox', () => {
  it('stops while a page still listens for changes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-stop-'));
    const sandbox = await startSandbox({ env: { SANDBOX_DATA_DIR: dataDir }, sink: { write: () => {} }, port: 0 });
    const res = await fetch(new URL('/sandbox/api/events', sandbox.url));
    const reader = res.body!.getReader();
    await reader.read();
    await sandbox.stop();
    expect((await reader.read()).done).toBe(true);
    rmSync(dataDir, { recursive: true, force: true });
  });
});

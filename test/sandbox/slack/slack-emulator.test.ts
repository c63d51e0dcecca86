import { App, LogLevel, SocketModeReceiver, type BlockAction, type ButtonAction, type StaticSelectAction } from '@slack/bolt';
import { ErrorCode, WebClient, type WebAPIPlatformError, type WebAPIRateLimitedError } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackEmulator, type SlackEmulatorOptions } from '../../../src/sandbox/slack/slack-emulator.js';

const CHANNEL = 'C0RELEASES';
const APPROVER = 'U0APPROVER';

let emulator: SlackEmulator | undefined;
let app: App | undefined;

afterEach(async () => {
  // The Bolt app first: a SocketModeClient whose server vanished keeps trying to reconnect.
  await app?.stop();
  await emulator?.stop();
  app = undefined;
  emulator = undefined;
});

async function startEmulator(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  emulator = await SlackEmulator.start({
    users: [{ id: APPROVER, name: 'alice' }],
    usergroups: { S0RELEASERS: [APPROVER] },
    channels: [{ id: CHANNEL, name: 'releases' }],
    ...options,
  });
  return emulator;
}

/** The bot's real wiring: Bolt's App and SocketModeReceiver, pointed at the emulator. */
async function startBolt(emu: SlackEmulator, register: (bolt: App) => void, clientPingTimeout?: number): Promise<App> {
  const receiver = new SocketModeReceiver({
    appToken: emu.appToken,
    logLevel: LogLevel.ERROR,
    ...(clientPingTimeout ? { clientPingTimeout } : {}),
    installerOptions: { clientOptions: { slackApiUrl: emu.apiUrl } },
  });
  app = new App({ token: emu.botToken, receiver, clientOptions: { slackApiUrl: emu.apiUrl }, logLevel: LogLevel.ERROR });
  register(app);
  await app.start();
  await emu.waitForConnection();
  return app;
}

function webClient(emu: SlackEmulator, options: ConstructorParameters<typeof WebClient>[1] = {}): WebClient {
  return new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, logLevel: LogLevel.ERROR, retryConfig: { retries: 0 }, ...options });
}

const approveBlocks = [
  { type: 'section', block_id: 'summary', text: { type: 'mrkdwn', text: '*widget* v1.2.3 → v1.3.0' } },
  {
    type: 'actions',
    block_id: 'decide',
    elements: [
      { type: 'button', action_id: 'approve', text: { type: 'plain_text', text: 'Approve' }, style: 'primary', value: 'rel-1' },
      {
        type: 'static_select',
        action_id: 'bump',
        placeholder: { type: 'plain_text', text: 'Bump' },
        options: ['patch', 'minor', 'major'].map((v) => ({ text: { type: 'plain_text', text: v }, value: v })),
      },
    ],
  },
];

async function platformError(call: Promise<unknown>): Promise<WebAPIPlatformError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect((error as WebAPIPlatformError).code).toBe(ErrorCode.PlatformError);
  return error as WebAPIPlatformError;
}

/** Slack's `errors` list of an invalid_blocks answer (not in the WebClient's result type). */
function slackErrors(error: WebAPIPlatformError): unknown {
  return (error.data as { errors?: unknown }).errors;
}

describe('Socket Mode with the real Bolt app', () => {
  it('delivers a slash command to app.command and shows its ack payload only to the caller', async () => {
    const emu = await startEmulator();
    const seen: Record<string, unknown>[] = [];
    await startBolt(emu, (bolt) => {
      bolt.command('/release', async ({ command, ack }) => {
        seen.push({ ...command });
        await ack({ text: `Proposing ${command.text}…` });
      });
    });

    const result = await emu.slashCommand({ command: '/release', text: 'widget minor', userId: APPROVER, channelId: CHANNEL });

    expect(result.acked).toBe(true);
    expect(result.ackMs).toBeLessThan(3000);
    expect(seen[0]).toMatchObject({
      command: '/release',
      text: 'widget minor',
      user_id: APPROVER,
      user_name: 'alice',
      channel_id: CHANNEL,
      channel_name: 'releases',
    });
    expect(emu.ephemerals({ userId: APPROVER })).toMatchObject([{ channel: CHANNEL, text: 'Proposing widget minor…', via: 'ack' }]);
    expect(emu.messages(CHANNEL)).toEqual([]);
  });

  it('hands each envelope to one of several connected apps (replicas), not to all, and to each in turn', async () => {
    const emu = await startEmulator();
    const seenBy: string[] = [];
    const apps: App[] = [];
    for (const name of ['one', 'two', 'three']) {
      const receiver = new SocketModeReceiver({
        appToken: emu.appToken,
        logLevel: LogLevel.ERROR,
        installerOptions: { clientOptions: { slackApiUrl: emu.apiUrl } },
      });
      const replica = new App({ token: emu.botToken, receiver, clientOptions: { slackApiUrl: emu.apiUrl }, logLevel: LogLevel.ERROR });
      replica.command('/release', async ({ ack }) => {
        seenBy.push(name);
        await ack();
      });
      await replica.start();
      apps.push(replica);
    }
    try {
      await emu.waitForConnection(10_000, 3);
      for (let i = 0; i < 6; i++) expect((await emu.slashCommand({ command: '/release', text: '', userId: APPROVER, channelId: CHANNEL })).acked).toBe(true);
      expect(seenBy).toHaveLength(6);
      expect(new Set(seenBy)).toEqual(new Set(['one', 'two', 'three']));
    } finally {
      for (const a of apps) await a.stop();
    }
  });

  it('posts an in_channel ack payload to the channel', async () => {
    const emu = await startEmulator();
    await startBolt(emu, (bolt) => bolt.command('/release', async ({ ack }) => ack({ response_type: 'in_channel', text: 'On it' })));
    await emu.slashCommand({ command: '/release', text: 'widget', userId: APPROVER, channelId: CHANNEL });
    expect(emu.messages(CHANNEL).map((m) => m.text)).toEqual(['On it']);
    expect(emu.ephemerals()).toEqual([]);
  });

  it('shows nothing when the ack payload breaks Block Kit limits, and says why', async () => {
    const emu = await startEmulator();
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
    await startBolt(emu, (bolt) => bolt.command('/release', async ({ ack }) => ack({ text: 'x', blocks })));
    const result = await emu.slashCommand({ command: '/release', text: '', userId: APPROVER, channelId: CHANNEL });
    expect(result).toMatchObject({ acked: true, ackError: 'invalid_blocks' });
    expect(emu.ephemerals()).toEqual([]);
  });

  it('delivers a button click to app.action with the stored message and its blocks', async () => {
    const emu = await startEmulator();
    const bodies: BlockAction<ButtonAction>[] = [];
    const bolt = await startBolt(emu, (b) => {
      b.action<BlockAction<ButtonAction>>('approve', async ({ ack, body }) => {
        await ack();
        bodies.push(body);
      });
    });
    const posted = await bolt.client.chat.postMessage({ channel: CHANNEL, text: 'Release proposal', blocks: approveBlocks });

    const result = await emu.clickButton({ channelId: CHANNEL, messageTs: posted.ts!, actionId: 'approve', userId: APPROVER });

    expect(result.acked).toBe(true);
    const body = bodies[0]!;
    expect(body.type).toBe('block_actions');
    expect(body.user).toMatchObject({ id: APPROVER, username: 'alice' });
    expect(body.container).toMatchObject({ type: 'message', message_ts: posted.ts, channel_id: CHANNEL, is_ephemeral: false });
    expect(body.actions[0]).toMatchObject({ type: 'button', action_id: 'approve', block_id: 'decide', value: 'rel-1' });
    expect(body.message?.ts).toBe(posted.ts);
    expect(body.message?.bot_id).toBe(emu.botId);
    expect(body.message?.blocks).toEqual(emu.message(CHANNEL, posted.ts!)!.blocks);
    expect(body.response_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/response\//);
  });

  it('refuses to click a button the bot never rendered', async () => {
    const emu = await startEmulator();
    const bolt = await startBolt(emu, () => {});
    const posted = await bolt.client.chat.postMessage({ channel: CHANNEL, text: 'Release proposal', blocks: approveBlocks });
    await expect(emu.clickButton({ channelId: CHANNEL, messageTs: posted.ts!, actionId: 'reject', userId: APPROVER })).rejects.toThrow(
      /no element with action_id "reject".*approve, bump/,
    );
    await expect(emu.clickButton({ channelId: CHANNEL, messageTs: '1.000001', actionId: 'approve', userId: APPROVER })).rejects.toThrow(/No message 1\.000001/);
  });

  it('sends the chosen option and the selects state like Slack', async () => {
    const emu = await startEmulator();
    const bodies: BlockAction[] = [];
    const bolt = await startBolt(emu, (b) => {
      b.action<BlockAction<StaticSelectAction>>('bump', async ({ ack, body }) => {
        await ack();
        bodies.push(body);
      });
      b.action<BlockAction<ButtonAction>>('approve', async ({ ack, body }) => {
        await ack();
        bodies.push(body);
      });
    });
    const { ts } = await bolt.client.chat.postMessage({ channel: CHANNEL, text: 'Release proposal', blocks: approveBlocks });

    await emu.selectOption({ channelId: CHANNEL, messageTs: ts!, actionId: 'bump', userId: APPROVER, value: 'major' });
    await emu.clickButton({ channelId: CHANNEL, messageTs: ts!, actionId: 'approve', userId: APPROVER });

    expect((bodies[0]!.actions[0] as StaticSelectAction).selected_option).toEqual({ text: { type: 'plain_text', text: 'major', emoji: true }, value: 'major' });
    expect(bodies[1]!.state?.values).toEqual({
      decide: { bump: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'major', emoji: true }, value: 'major' } } },
    });
    await expect(emu.selectOption({ channelId: CHANNEL, messageTs: ts!, actionId: 'bump', userId: APPROVER, value: 'huge' })).rejects.toThrow(
      /no option with value "huge"/,
    );
  });

  it('records an ack that never comes as timed out', async () => {
    const emu = await startEmulator({ ackTimeoutMs: 200 });
    await startBolt(emu, (bolt) =>
      bolt.command('/release', async () => {
        /* forgets to ack */
      }),
    );
    const result = await emu.slashCommand({ command: '/release', text: 'widget', userId: APPROVER, channelId: CHANNEL });
    expect(result).toMatchObject({ acked: false, timedOut: true });
  });

  it('records a late ack with its real delay', async () => {
    const emu = await startEmulator({ ackTimeoutMs: 100 });
    await startBolt(emu, (bolt) =>
      bolt.command('/release', async ({ ack }) => {
        await new Promise((r) => setTimeout(r, 300));
        await ack();
      }),
    );
    const result = await emu.slashCommand({ command: '/release', text: 'widget', userId: APPROVER, channelId: CHANNEL });
    expect(result.acked).toBe(false);
    await emu.waitFor(() => result.ackMs >= 250);
  });

  it('replaces the original message through response_url with replace_original', async () => {
    const emu = await startEmulator();
    const bolt = await startBolt(emu, (b) => {
      b.action('approve', async ({ ack, respond }) => {
        await ack();
        await respond({ replace_original: true, text: 'Approved by alice', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Approved' } }] });
      });
    });
    const { ts } = await bolt.client.chat.postMessage({ channel: CHANNEL, text: 'Release proposal', blocks: approveBlocks });

    await emu.clickButton({ channelId: CHANNEL, messageTs: ts!, actionId: 'approve', userId: APPROVER });

    const updated = await emu.waitFor(() => emu.messages(CHANNEL).find((m) => m.text === 'Approved by alice'));
    expect(updated.ts).toBe(ts);
    expect(updated.versions).toBe(2);
    expect(updated.blocks).toHaveLength(1);
    expect(emu.messages(CHANNEL)).toHaveLength(1);
  });

  it('keeps the connection alive with server pings', async () => {
    const emu = await startEmulator({ pingIntervalMs: 100 });
    const receiver = new SocketModeReceiver({
      appToken: emu.appToken,
      logLevel: LogLevel.ERROR,
      serverPingTimeout: 400,
      installerOptions: { clientOptions: { slackApiUrl: emu.apiUrl } },
    });
    app = new App({ token: emu.botToken, receiver, clientOptions: { slackApiUrl: emu.apiUrl }, logLevel: LogLevel.ERROR });
    await app.start();
    await new Promise((r) => setTimeout(r, 1500));
    expect(emu.isConnected()).toBe(true);
    expect(emu.calls('apps.connections.open')).toHaveLength(1);
  });

  it('answers a response_url ephemerally by default, lets a click on an ephemeral replace it, and stops after 5 uses', async () => {
    const emu = await startEmulator();
    const urls: string[] = [];
    await startBolt(emu, (b) => {
      b.command('/release', async ({ ack, respond, body }) => {
        await ack();
        urls.push(body.response_url);
        await respond({
          text: 'Sure?',
          blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'confirm', text: { type: 'plain_text', text: 'Yes' } }] }],
        });
      });
      b.action('confirm', async ({ ack, respond }) => {
        await ack();
        await respond({ replace_original: true, text: 'Confirmed' });
      });
    });
    await emu.slashCommand({ command: '/release', text: 'widget', userId: APPROVER, channelId: CHANNEL });
    const prompt = await emu.waitFor(() => emu.ephemerals({ userId: APPROVER })[0]);
    expect(prompt).toMatchObject({ text: 'Sure?', via: 'response_url' });
    expect(emu.messages(CHANNEL)).toEqual([]);

    await emu.clickButton({ channelId: CHANNEL, messageTs: prompt.messageTs, actionId: 'confirm', userId: APPROVER });
    await emu.waitFor(() => emu.ephemerals({ userId: APPROVER })[0]?.text === 'Confirmed');
    await expect(emu.clickButton({ channelId: CHANNEL, messageTs: prompt.messageTs, actionId: 'confirm', userId: 'U0OTHER' })).rejects.toThrow(
      /visible to U0OTHER/,
    );

    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push(
        (await fetch(urls[0]!, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: `n${i}` }) })).status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 200, 404]);
    expect(emu.calls('response_url').at(-1)).toMatchObject({ ok: false, error: 'used_url' });
  });

  it('reconnects after Slack asks for a refresh', async () => {
    const emu = await startEmulator();
    const bolt = await startBolt(emu, (b) => b.command('/release', async ({ ack }) => ack()), 300);
    emu.dropConnections();
    expect(emu.isConnected()).toBe(false);
    await emu.waitForConnection(5000);
    const result = await emu.slashCommand({ command: '/release', text: '', userId: APPROVER, channelId: CHANNEL });
    expect(result.acked).toBe(true);
    expect(emu.calls('apps.connections.open')).toHaveLength(2);
    expect(bolt).toBeDefined();
  });
});

describe('Web API with the real WebClient', () => {
  it('refuses 51 blocks with invalid_blocks, as Slack words it', async () => {
    const emu = await startEmulator();
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const error = await platformError(webClient(emu).chat.postMessage({ channel: CHANNEL, text: 'x', blocks }));
    expect(error.data.error).toBe('invalid_blocks');
    expect(slackErrors(error)).toEqual(['no more than 50 items allowed [json-pointer:/blocks]']);
    expect(error.data.response_metadata?.messages).toEqual(['[ERROR] no more than 50 items allowed [json-pointer:/blocks]']);
    expect(emu.messages(CHANNEL)).toEqual([]);
    await webClient(emu).chat.postMessage({ channel: CHANNEL, text: 'x', blocks: blocks.slice(1) });
    expect(emu.messages(CHANNEL)).toHaveLength(1);
  });

  it('refuses a 76-character button label and takes a 75-character one', async () => {
    const emu = await startEmulator();
    const button = (label: string) => [{ type: 'actions', elements: [{ type: 'button', action_id: 'go', text: { type: 'plain_text', text: label } }] }];
    const error = await platformError(webClient(emu).chat.postMessage({ channel: CHANNEL, text: 'x', blocks: button('a'.repeat(76)) }));
    expect(error.data.error).toBe('invalid_blocks');
    expect(slackErrors(error)).toEqual(['must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]']);
    await webClient(emu).chat.postMessage({ channel: CHANNEL, text: 'x', blocks: button('a'.repeat(75)) });
  });

  it('refuses section text over 3000 characters, mrkdwn buttons, unknown types and duplicate action_ids', async () => {
    const emu = await startEmulator();
    const client = webClient(emu);
    const refused = async (blocks: unknown[]) =>
      slackErrors(await platformError(client.chat.postMessage({ channel: CHANNEL, text: 'x', blocks: blocks as never })));
    expect(await refused([{ type: 'section', text: { type: 'mrkdwn', text: 'a'.repeat(3001) } }])).toEqual([
      'failed to match all allowed schemas [json-pointer:/blocks/0/text]',
      'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
    expect(await refused([{ type: 'actions', elements: [{ type: 'button', text: { type: 'mrkdwn', text: 'Go' } }] }])).toContain(
      'must be a valid enum value [json-pointer:/blocks/0/elements/0/text/type]',
    );
    expect(await refused([{ type: 'sections', text: { type: 'mrkdwn', text: 'hi' } }])).toEqual(['unsupported type: sections [json-pointer:/blocks/0/type]']);
    const go = { type: 'button', action_id: 'go', text: { type: 'plain_text', text: 'Go' } };
    expect(await refused([{ type: 'actions', elements: [go, go] }])).toEqual(['`action_id` "go" already exists [json-pointer:/blocks/0/elements/1/action_id]']);
  });

  it('refuses text over 40,000 characters and a message with neither text nor blocks', async () => {
    const emu = await startEmulator();
    expect((await platformError(webClient(emu).chat.postMessage({ channel: CHANNEL, text: 'a'.repeat(40_001) }))).data.error).toBe('msg_too_long');
    expect((await platformError(webClient(emu).chat.postMessage({ channel: CHANNEL } as never))).data.error).toBe('no_text');
  });

  it('answers channel_not_found for a channel the bot is not in', async () => {
    const emu = await startEmulator();
    const error = await platformError(webClient(emu).chat.postMessage({ channel: 'C0ELSEWHERE', text: 'hi' }));
    expect(error.data.error).toBe('channel_not_found');
    expect(emu.calls('chat.postMessage')).toMatchObject([{ ok: false, error: 'channel_not_found' }]);
  });

  it('authenticates like Slack', async () => {
    const emu = await startEmulator();
    const auth = await webClient(emu).auth.test();
    expect(auth).toMatchObject({ ok: true, user_id: emu.botUserId, bot_id: emu.botId, team_id: emu.teamId });
    const wrong = new WebClient('xoxb-wrong', { slackApiUrl: emu.apiUrl, logLevel: LogLevel.ERROR, retryConfig: { retries: 0 } });
    expect((await platformError(wrong.auth.test())).data.error).toBe('invalid_auth');
    const appLevel = new WebClient(emu.appToken, { slackApiUrl: emu.apiUrl, logLevel: LogLevel.ERROR, retryConfig: { retries: 0 } });
    expect((await platformError(appLevel.chat.postMessage({ channel: CHANNEL, text: 'x' }))).data.error).toBe('not_allowed_token_type');
    expect((await platformError(webClient(emu).apiCall('chat.frobnicate'))).data.error).toBe('unknown_method');
    const anonymous = await fetch(`${emu.apiUrl}auth.test`, { method: 'POST' });
    expect(await anonymous.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('records <!channel> as a mention and its escaped form as plain text', async () => {
    const emu = await startEmulator();
    const client = webClient(emu);
    const loud = await client.chat.postMessage({
      channel: CHANNEL,
      text: 'Release <!channel>',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'cc <!subteam^S0RELEASERS> and <@U0APPROVER|alice>' } }],
    });
    const quiet = await client.chat.postMessage({
      channel: CHANNEL,
      text: 'fix: &lt;!channel&gt; in titles',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'fix: &lt;!channel&gt; in titles' } },
        { type: 'header', text: { type: 'plain_text', text: '<!here> is only text here' } },
      ],
    });
    expect(emu.message(CHANNEL, loud.ts!)!.mentions).toEqual(['<!channel>', '<!subteam^S0RELEASERS>', '<@U0APPROVER>']);
    expect(emu.message(CHANNEL, quiet.ts!)!.mentions).toEqual([]);
  });

  it('turns a bare @channel into a mention only with link_names', async () => {
    const emu = await startEmulator();
    const client = webClient(emu);
    const plain = await client.chat.postMessage({ channel: CHANNEL, text: 'ping @channel' });
    const linked = await client.chat.postMessage({ channel: CHANNEL, text: 'ping @channel', link_names: true });
    expect(emu.message(CHANNEL, plain.ts!)!.mentions).toEqual([]);
    expect(emu.message(CHANNEL, linked.ts!)!.mentions).toEqual(['<!channel>']);
  });

  it('absorbs a 429 through the WebClient retry, honouring Retry-After', async () => {
    const emu = await startEmulator();
    emu.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    const posted = await webClient(emu, { retryConfig: { retries: 1, factor: 1, minTimeout: 10 } }).chat.postMessage({ channel: CHANNEL, text: 'hi' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(posted.ok).toBe(true);
    expect(emu.calls('chat.postMessage').map((c) => c.error ?? 'ok')).toEqual(['ratelimited', 'ok']);
    expect(emu.messages(CHANNEL)).toHaveLength(1);
  });

  it('surfaces a 429 to a client that rejects rate-limited calls', async () => {
    const emu = await startEmulator();
    emu.failNext('chat.update', { status: 429, retryAfter: 7 });
    const error = await webClient(emu, { rejectRateLimitedCalls: true })
      .chat.update({ channel: CHANNEL, ts: '1.000001', text: 'x' })
      .then(
        () => undefined,
        (e: WebAPIRateLimitedError) => e,
      );
    expect(error?.code).toBe(ErrorCode.RateLimitedError);
    expect(error?.retryAfter).toBe(7);
  });

  it('enforces an opt-in per-minute limit on chat.update', async () => {
    const emu = await startEmulator({ rateLimits: { 'chat.update': { perMinute: 2 } } });
    const client = webClient(emu, { rejectRateLimitedCalls: true });
    const { ts } = await client.chat.postMessage({ channel: CHANNEL, text: 'v1' });
    await client.chat.update({ channel: CHANNEL, ts: ts!, text: 'v2' });
    await client.chat.update({ channel: CHANNEL, ts: ts!, text: 'v3' });
    const error = await client.chat.update({ channel: CHANNEL, ts: ts!, text: 'v4' }).then(
      () => undefined,
      (e: WebAPIRateLimitedError) => e,
    );
    expect(error?.code).toBe(ErrorCode.RateLimitedError);
    expect(emu.message(CHANNEL, ts!)!.text).toBe('v3');
  });

  it('updates a message in place: same ts, new blocks, one message', async () => {
    const emu = await startEmulator();
    const client = webClient(emu);
    const { ts } = await client.chat.postMessage({ channel: CHANNEL, text: 'Proposal', blocks: approveBlocks });
    const done = [{ type: 'section', text: { type: 'mrkdwn', text: 'Released *v1.3.0*' } }];
    const updated = await client.chat.update({ channel: CHANNEL, ts: ts!, text: 'Released', blocks: done });

    expect(updated.ts).toBe(ts);
    const stored = emu.message(CHANNEL, ts!)!;
    expect(stored).toMatchObject({ ts, text: 'Released', versions: 2, edited: { user: emu.botUserId } });
    expect(stored.blocks).toHaveLength(1);
    expect(stored.blocks![0]).toMatchObject({ type: 'section', text: { text: 'Released *v1.3.0*' } });
    expect(emu.messages(CHANNEL)).toHaveLength(1);
    expect((await platformError(client.chat.update({ channel: CHANNEL, ts: '1.000001', text: 'x' }))).data.error).toBe('message_not_found');
    const human = emu.userMessage({ channelId: CHANNEL, userId: APPROVER, text: 'lgtm' });
    expect((await platformError(client.chat.update({ channel: CHANNEL, ts: human.ts, text: 'x' }))).data.error).toBe('cant_update_message');
  });

  it('keeps thread replies out of the channel and under their parent', async () => {
    const emu = await startEmulator();
    const client = webClient(emu);
    const parent = await client.chat.postMessage({ channel: CHANNEL, text: 'Release v1.3.0' });
    await client.chat.postMessage({ channel: CHANNEL, thread_ts: parent.ts!, text: 'Tagged' });
    await client.chat.postMessage({ channel: CHANNEL, thread_ts: parent.ts!, text: 'Published' });

    expect(emu.messages(CHANNEL).map((m) => m.text)).toEqual(['Release v1.3.0']);
    expect(emu.messages(CHANNEL)[0]!.replyCount).toBe(2);
    expect(emu.replies(CHANNEL, parent.ts!).map((m) => [m.text, m.threadTs])).toEqual([
      ['Tagged', parent.ts],
      ['Published', parent.ts],
    ]);
    const thread = await client.conversations.replies({ channel: CHANNEL, ts: parent.ts! });
    expect(thread.messages?.map((m) => m.text)).toEqual(['Release v1.3.0', 'Tagged', 'Published']);
  });

  it('keeps ephemeral messages out of the channel', async () => {
    const emu = await startEmulator();
    const client = webClient(emu);
    const sent = await client.chat.postEphemeral({ channel: CHANNEL, user: APPROVER, text: 'Only approvers may approve' });
    expect(sent.message_ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(emu.messages(CHANNEL)).toEqual([]);
    expect(emu.ephemerals({ userId: APPROVER })).toMatchObject([{ text: 'Only approvers may approve', via: 'chat.postEphemeral' }]);
    expect(emu.ephemerals({ userId: 'U0SOMEONE' })).toEqual([]);
  });

  it('lists user group members and rejects unknown groups', async () => {
    const emu = await startEmulator();
    expect((await webClient(emu).usergroups.users.list({ usergroup: 'S0RELEASERS' })).users).toEqual([APPROVER]);
    expect((await platformError(webClient(emu).usergroups.users.list({ usergroup: 'S0NOPE' }))).data.error).toBe('no_such_subteam');
  });

  it('makes unique, increasing Slack-like timestamps', async () => {
    const emu = await startEmulator();
    const client = webClient(emu);
    const stamps: string[] = [];
    for (let i = 0; i < 5; i += 1) stamps.push((await client.chat.postMessage({ channel: CHANNEL, text: `m${i}` })).ts!);
    for (const ts of stamps) expect(ts).toMatch(/^\d{10}\.\d{6}$/);
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(5);
  });
});

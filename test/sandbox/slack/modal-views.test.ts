import { App, LogLevel, SocketModeReceiver, type BlockAction, type ButtonAction } from '@slack/bolt';
import { WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../../src/sandbox/slack/slack-emulator.js';

const CHANNEL = 'C0RELEASES';
const USER = 'U0ONCALL';

let emulator: SlackEmulator | undefined;
let app: App | undefined;

afterEach(async () => {
  await app?.stop();
  await emulator?.stop();
  app = undefined;
  emulator = undefined;
});

const modal = (o: { title?: string; submit?: boolean } = {}) => ({
  type: 'modal' as const,
  callback_id: 'why',
  private_metadata: '{"id":7}',
  title: { type: 'plain_text' as const, text: o.title ?? 'Release anyway' },
  ...(o.submit === false ? {} : { submit: { type: 'plain_text' as const, text: 'Go' } }),
  blocks: [
    { type: 'input', block_id: 'reason', label: { type: 'plain_text', text: 'Why?' }, element: { type: 'plain_text_input', action_id: 'reason_input' } },
  ],
});

/** A button that opens a modal with the click's trigger_id, and a view handler that refuses an empty reason (Bolt, as the bot wires it). */
async function start(o: { delayMs?: number; openTwice?: boolean; view?: ReturnType<typeof modal>; triggerTtlMs?: number } = {}) {
  emulator = await SlackEmulator.start({ triggerTtlMs: o.triggerTtlMs, users: [{ id: USER, name: 'oncall' }], channels: [{ id: CHANNEL, name: 'releases' }] });
  const emu = emulator;
  const opened: unknown[] = [];
  const submitted: { reason: string | null | undefined; metadata: string; callbackId: string }[] = [];
  const receiver = new SocketModeReceiver({
    appToken: emu.appToken,
    logLevel: LogLevel.ERROR,
    installerOptions: { clientOptions: { slackApiUrl: emu.apiUrl } },
  });
  app = new App({ token: emu.botToken, receiver, clientOptions: { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } }, logLevel: LogLevel.ERROR });
  app.action<BlockAction<ButtonAction>>('open', async ({ ack, body, client }) => {
    await ack();
    if (o.delayMs) await new Promise((r) => setTimeout(r, o.delayMs));
    for (let i = 0; i < (o.openTwice ? 2 : 1); i++) {
      try {
        opened.push(await client.views.open({ trigger_id: body.trigger_id, view: o.view ?? modal() }));
      } catch (error) {
        opened.push((error as WebAPIPlatformError).data);
      }
    }
  });
  app.view('why', async ({ ack, view }) => {
    const reason = view.state.values.reason?.reason_input?.value;
    submitted.push({ reason, metadata: view.private_metadata, callbackId: view.callback_id });
    if (!reason) await ack({ response_action: 'errors', errors: { reason: 'Say why.' } });
    else await ack();
  });
  await app.start();
  await emu.waitForConnection();
  const { ts } = await new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl }).chat.postMessage({
    channel: CHANNEL,
    text: 'held',
    blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'open', text: { type: 'plain_text', text: 'Release anyway' }, value: '7' }] }],
  });
  await emu.clickButton({ channelId: CHANNEL, messageTs: ts!, actionId: 'open', userId: USER });
  await emu.waitFor(() => opened.length === (o.openTwice ? 2 : 1), 5000);
  return { emu, opened, submitted };
}

describe('modals in the Slack emulator', () => {
  it('opens a modal with a fresh trigger_id, once: the second views.open is exchanged_trigger_id', async () => {
    const { emu, opened } = await start({ openTwice: true });
    expect(opened[0]).toMatchObject({ ok: true, view: { type: 'modal', callback_id: 'why', private_metadata: '{"id":7}', state: { values: {} } } });
    expect(opened[1]).toMatchObject({ ok: false, error: 'exchanged_trigger_id' });
    expect(emu.openViews(USER)).toHaveLength(1);
  });

  it('refuses an expired trigger_id (Slack: after 3 s; shortened here) and one it never issued (invalid_trigger_id)', async () => {
    const { emu, opened } = await start({ delayMs: 300, triggerTtlMs: 200 });
    expect(opened[0]).toMatchObject({ ok: false, error: 'expired_trigger_id' });
    const client = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
    await expect(client.views.open({ trigger_id: '12345.98765.abcd2358fdea', view: modal() })).rejects.toMatchObject({ data: { error: 'invalid_trigger_id' } });
  });

  it('checks the view: a title over 24 characters, an input block without submit', async () => {
    const long = await start({ view: modal({ title: 'Release this one anyway, please' }) });
    expect(long.opened[0]).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'] },
    });
    await app?.stop();
    await emulator?.stop();
    const noSubmit = await start({ view: modal({ submit: false }) });
    expect(noSubmit.opened[0]).toMatchObject({ ok: false, response_metadata: { messages: ['[ERROR] missing required field: submit [json-pointer:/view]'] } });
  });

  it('submits the open modal over Socket Mode: errors keep it open, a plain ack closes it', async () => {
    const { emu, submitted } = await start();
    const empty = await emu.submitView({ userId: USER, values: {} });
    expect(empty.ackPayload).toEqual({ response_action: 'errors', errors: { reason: 'Say why.' } });
    expect(emu.openViews(USER)).toHaveLength(1);
    const done = await emu.submitView({ userId: USER, values: { reason: 'incident 42' } });
    expect(done.acked).toBe(true);
    expect(submitted).toEqual([
      { reason: null, metadata: '{"id":7}', callbackId: 'why' },
      { reason: 'incident 42', metadata: '{"id":7}', callbackId: 'why' },
    ]);
    expect(emu.openViews(USER)).toHaveLength(0);
    expect(emu.envelopes().at(-1)).toMatchObject({ type: 'interactive', payload: { type: 'view_submission', user: { id: USER } } });
  });
});

import { WebClient, type WebAPIPlatformError } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackEmulator } from '../../../src/sandbox/slack/slack-emulator.js';
import { readMetadata } from '../../../src/sandbox/slack/read-metadata.js';

const CHANNEL = 'C0RELEASES';
let emulator: SlackEmulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function client(): Promise<{ emu: SlackEmulator; web: WebClient }> {
  emulator = await SlackEmulator.start({ channels: [{ id: CHANNEL, name: 'releases' }] });
  return { emu: emulator, web: new WebClient(emulator.botToken, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } }) };
}

const meta = (key: string) => ({ event_type: 'release_bot', event_payload: { key } });
const platformError = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: WebAPIPlatformError) => e.data.error,
  );

describe('message metadata in the Slack emulator', () => {
  it('stores metadata of chat.postMessage and returns it from history and replies only with include_all_metadata', async () => {
    const { web } = await client();
    const parent = await web.chat.postMessage({ channel: CHANNEL, text: 'parent', metadata: meta('p-1') });
    await web.chat.postMessage({ channel: CHANNEL, text: 'reply', thread_ts: parent.ts!, metadata: meta('r-1') });

    const plain = await web.conversations.history({ channel: CHANNEL });
    expect(plain.messages![0]).not.toHaveProperty('metadata');
    const withMeta = await web.conversations.history({ channel: CHANNEL, include_all_metadata: true });
    expect(withMeta.messages![0]!.metadata).toEqual(meta('p-1'));

    const thread = await web.conversations.replies({ channel: CHANNEL, ts: parent.ts!, include_all_metadata: true });
    expect(thread.messages!.map((m) => (m.metadata as { event_payload: { key: string } } | undefined)?.event_payload.key)).toEqual(['p-1', 'r-1']);
    const threadPlain = await web.conversations.replies({ channel: CHANNEL, ts: parent.ts! });
    expect(threadPlain.messages!.every((m) => m.metadata === undefined)).toBe(true);
  });

  it('keeps metadata across a chat.update without it, and replaces it when given', async () => {
    const { web, emu } = await client();
    const posted = await web.chat.postMessage({ channel: CHANNEL, text: 'v1', metadata: meta('k-1') });
    await web.chat.update({ channel: CHANNEL, ts: posted.ts!, text: 'v2' });
    expect(emu.message(CHANNEL, posted.ts!)!.metadata).toEqual(meta('k-1'));
    await web.chat.update({ channel: CHANNEL, ts: posted.ts!, text: 'v3', metadata: meta('k-2') });
    expect(emu.message(CHANNEL, posted.ts!)!.metadata).toEqual(meta('k-2'));
  });

  it('refuses metadata that is not a JSON object, or lacks event_type or event_payload, and posts nothing', async () => {
    const { web, emu } = await client();
    expect(await platformError(web.apiCall('chat.postMessage', { channel: CHANNEL, text: 'x', metadata: '{not json' }))).toBe('invalid_metadata_format');
    expect(await platformError(web.apiCall('chat.postMessage', { channel: CHANNEL, text: 'x', metadata: '[1]' }))).toBe('invalid_metadata_format');
    expect(await platformError(web.apiCall('chat.postMessage', { channel: CHANNEL, text: 'x', metadata: { event_payload: {} } }))).toBe(
      'invalid_metadata_schema',
    );
    expect(
      await platformError(web.apiCall('chat.postMessage', { channel: CHANNEL, text: 'x', metadata: { event_type: 'has space', event_payload: {} } })),
    ).toBe('invalid_metadata_schema');
    expect(
      await platformError(web.apiCall('chat.postMessage', { channel: CHANNEL, text: 'x', metadata: { event_type: 'release_bot', event_payload: 'key' } })),
    ).toBe('invalid_metadata_schema');
    expect(emu.messages(CHANNEL)).toEqual([]);
  });

  it('reads metadata sent as a JSON string, as form-encoded calls send it', () => {
    expect(readMetadata(JSON.stringify(meta('s')))).toEqual({ ok: true, metadata: meta('s') });
    expect(readMetadata(undefined)).toEqual({ ok: true });
  });

  it('lets a test act between Slack accepting a message and the caller hearing of it', async () => {
    const { web, emu } = await client();
    const seen: string[] = [];
    emu.onBeforeRespond(({ method }) => {
      seen.push(`${method}:${emu.messages(CHANNEL).length}`);
    });
    await web.chat.postMessage({ channel: CHANNEL, text: 'hello' });
    expect(seen).toEqual(['chat.postMessage:1']);
  });
});

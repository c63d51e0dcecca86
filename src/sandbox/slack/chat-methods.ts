import { readMessageArgs } from './read-message-args.js';
import { readMetadata } from './read-metadata.js';
import { permalinkId } from './slack-ts.js';
import { resolveChannel, toApiMessage, type Workspace } from './workspace.js';

type Body = Record<string, unknown>;
export type MethodHandler = (ws: Workspace, args: Body) => Body;

// https://docs.slack.dev/reference/methods/chat.postMessage
const postMessage: MethodHandler = (ws, args) => {
  const channel = resolveChannel(ws, args.channel);
  if (!channel) return fail('channel_not_found');
  const content = readMessageArgs(args, { requireContent: true });
  if (!content.ok) return content.body;
  const threadTs = emptyToUndefined(args.thread_ts);
  if (threadTs !== undefined && !ws.store.message(channel.id, threadTs)) return fail('thread_not_found');
  const metadata = readMetadata(args.metadata);
  if (!metadata.ok) return fail(metadata.error);
  const message = ws.store.post(channel.id, { ...content, metadata: metadata.metadata }, { botId: ws.botId, userId: ws.botUserId }, threadTs);
  return { ok: true, channel: channel.id, ts: message.ts, message: toApiMessage(ws, message) };
};

// https://docs.slack.dev/reference/methods/chat.update
const update: MethodHandler = (ws, args) => {
  const channel = resolveChannel(ws, args.channel);
  if (!channel) return fail('channel_not_found');
  const ts = emptyToUndefined(args.ts);
  const existing = ts === undefined ? undefined : ws.store.message(channel.id, ts);
  if (ts === undefined || !existing) return fail('message_not_found');
  if (existing.botId !== ws.botId) return fail('cant_update_message');
  const content = readMessageArgs(args, { requireContent: true });
  if (!content.ok) return content.body;
  const metadata = readMetadata(args.metadata);
  if (!metadata.ok) return fail(metadata.error);
  const message = ws.store.update(channel.id, ts, { ...content, metadata: metadata.metadata }, ws.botUserId);
  return { ok: true, channel: channel.id, ts, text: message.text, message: toApiMessage(ws, message) };
};

// https://docs.slack.dev/reference/methods/chat.delete
const remove: MethodHandler = (ws, args) => {
  const channel = resolveChannel(ws, args.channel);
  if (!channel) return fail('channel_not_found');
  const ts = emptyToUndefined(args.ts);
  const existing = ts === undefined ? undefined : ws.store.message(channel.id, ts);
  if (ts === undefined || !existing) return fail('message_not_found');
  if (existing.botId !== ws.botId) return fail('cant_delete_message');
  ws.store.delete(channel.id, ts);
  return { ok: true, channel: channel.id, ts };
};

// https://docs.slack.dev/reference/methods/chat.postEphemeral
const postEphemeral: MethodHandler = (ws, args) => {
  const channel = resolveChannel(ws, args.channel);
  if (!channel) return fail('channel_not_found');
  const user = typeof args.user === 'string' ? ws.users.get(args.user) : undefined;
  if (!user) return fail('user_not_in_channel');
  const content = readMessageArgs(args, { requireContent: true });
  if (!content.ok) return content.body;
  const threadTs = emptyToUndefined(args.thread_ts);
  const stored = ws.store.postEphemeral({
    channel: channel.id,
    userId: user.id,
    text: content.text ?? '',
    blocks: content.blocks,
    linkNames: content.linkNames,
    via: 'chat.postEphemeral',
    ...(threadTs !== undefined ? { threadTs } : {}),
  });
  return { ok: true, message_ts: stored.messageTs };
};

// https://docs.slack.dev/reference/methods/chat.getPermalink
const getPermalink: MethodHandler = (ws, args) => {
  const channel = resolveChannel(ws, args.channel);
  if (!channel) return fail('channel_not_found');
  const ts = emptyToUndefined(args.message_ts);
  const message = ts === undefined ? undefined : ws.store.message(channel.id, ts);
  if (!message) return fail('message_not_found');
  const url = new URL(`archives/${channel.id}/${permalinkId(message.ts)}`, ws.baseUrl);
  if (message.threadTs !== undefined && message.threadTs !== message.ts) {
    url.searchParams.set('thread_ts', message.threadTs);
    url.searchParams.set('cid', channel.id);
  }
  return { ok: true, channel: channel.id, permalink: url.toString() };
};

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.delete': remove,
  'chat.postEphemeral': postEphemeral,
  'chat.getPermalink': getPermalink,
};

export function fail(error: string): Body {
  return { ok: false, error };
}

function emptyToUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

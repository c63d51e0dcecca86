import { fail, type MethodHandler } from './chat-methods.js';
import { toApiMessage } from './workspace.js';
import { wantsMetadata } from './read-metadata.js';

// https://docs.slack.dev/reference/methods/auth.test
const authTest: MethodHandler = (ws) => ({
  ok: true,
  url: ws.baseUrl,
  team: 'Sandbox',
  user: ws.botName,
  team_id: ws.teamId,
  user_id: ws.botUserId,
  bot_id: ws.botId,
  is_enterprise_install: false,
});

// https://docs.slack.dev/reference/methods/apps.connections.open
const connectionsOpen: MethodHandler = (ws) => ({ ok: true, url: ws.openConnectionUrl() });

// https://docs.slack.dev/reference/methods/users.info
const usersInfo: MethodHandler = (ws, args) => {
  const user = typeof args.user === 'string' ? ws.users.get(args.user) : undefined;
  if (!user) return fail('user_not_found');
  return {
    ok: true,
    user: {
      id: user.id,
      team_id: ws.teamId,
      name: user.name,
      real_name: user.name,
      is_bot: user.id === ws.botUserId,
      deleted: false,
      profile: { display_name: user.name, real_name: user.name },
    },
  };
};

// https://docs.slack.dev/reference/methods/usergroups.users.list
const usergroupsUsersList: MethodHandler = (ws, args) => {
  const members = typeof args.usergroup === 'string' ? ws.usergroups.get(args.usergroup) : undefined;
  if (!members) return fail('no_such_subteam');
  return { ok: true, users: [...members] };
};

// https://docs.slack.dev/reference/methods/conversations.info
const conversationsInfo: MethodHandler = (ws, args) => {
  const channel = ws.channels.get(String(args.channel ?? ''));
  if (!channel) return fail('channel_not_found');
  return {
    ok: true,
    channel: { id: channel.id, name: channel.name, is_channel: true, is_private: false, is_archived: false, is_member: true },
  };
};

// https://docs.slack.dev/reference/methods/conversations.history: newest first, cursor-paginated.
const conversationsHistory: MethodHandler = (ws, args) => {
  const channel = ws.channels.get(String(args.channel ?? ''));
  if (!channel) return fail('channel_not_found');
  const all = ws.store
    .messages(channel.id)
    .reverse()
    .map((m) => toApiMessage(ws, m, { metadata: wantsMetadata(args.include_all_metadata) }));
  return page(all, args, 'messages');
};

// https://docs.slack.dev/reference/methods/conversations.replies: the parent first, then replies.
const conversationsReplies: MethodHandler = (ws, args) => {
  const channel = ws.channels.get(String(args.channel ?? ''));
  if (!channel) return fail('channel_not_found');
  const parent = typeof args.ts === 'string' ? ws.store.message(channel.id, args.ts) : undefined;
  if (!parent) return fail('thread_not_found');
  const root = parent.threadTs !== undefined ? (ws.store.message(channel.id, parent.threadTs) ?? parent) : parent;
  const thread = [root, ...ws.store.replies(channel.id, root.ts)].map((m) => toApiMessage(ws, m, { metadata: wantsMetadata(args.include_all_metadata) }));
  return page(thread, args, 'messages');
};

function page(items: unknown[], args: Record<string, unknown>, key: string): Record<string, unknown> {
  const limit = Math.min(Math.max(Number(args.limit ?? 100) || 100, 1), 1000);
  const start = typeof args.cursor === 'string' && args.cursor !== '' ? decodeCursor(args.cursor) : 0;
  if (start === undefined) return fail('invalid_cursor');
  const slice = items.slice(start, start + limit);
  const more = start + limit < items.length;
  return {
    ok: true,
    [key]: slice,
    has_more: more,
    response_metadata: { next_cursor: more ? Buffer.from(`offset:${start + limit}`).toString('base64') : '' },
  };
}

function decodeCursor(cursor: string): number | undefined {
  const match = Buffer.from(cursor, 'base64')
    .toString('utf8')
    .match(/^offset:(\d+)$/);
  return match ? Number(match[1]) : undefined;
}

export const workspaceMethods: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'users.info': usersInfo,
  'usergroups.users.list': usergroupsUsersList,
  'conversations.info': conversationsInfo,
  'conversations.history': conversationsHistory,
  'conversations.replies': conversationsReplies,
};

/** Methods that take the app-level (`xapp-`) token instead of the bot token. */
export const appTokenMethods: Record<string, MethodHandler> = {
  'apps.connections.open': connectionsOpen,
};

import type { MessageStore } from './message-store.js';
import type { Person, StoredMessage } from './types.js';
import type { ModalViews } from './modal-views.js';

/** The emulated workspace as the Web API handlers see it. */
export interface Workspace {
  teamId: string;
  teamDomain: string;
  appId: string;
  botId: string;
  botUserId: string;
  botName: string;
  /** `http://127.0.0.1:PORT/` */
  baseUrl: string;
  store: MessageStore;
  users: Map<string, Person>;
  channels: Map<string, { id: string; name: string }>;
  usergroups: Map<string, string[]>;
  /** triggers handed out and modals open */
  views: ModalViews;
  /** A single-use Socket Mode URL, as `apps.connections.open` hands out. */
  openConnectionUrl(): string;
}

/** A channel ID, or a name with or without `#`, as chat.postMessage accepts; undefined if unknown. */
export function resolveChannel(ws: Workspace, value: unknown): { id: string; name: string } | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const byId = ws.channels.get(value);
  if (byId) return byId;
  const name = value.replace(/^#/, '');
  return [...ws.channels.values()].find((c) => c.name === name);
}

/**
 * A stored message in the shape Slack's API returns it (chat.postMessage `message`, history, payloads).
 * Metadata only when asked for: conversations.history/replies return it with `include_all_metadata=true`
 * (https://docs.slack.dev/reference/methods/conversations.history).
 */
export function toApiMessage(ws: Workspace, m: StoredMessage, o: { metadata?: boolean } = {}): Record<string, unknown> {
  return {
    type: 'message',
    ...(m.userId !== undefined ? { user: m.userId } : {}),
    ...(m.botId !== undefined ? { bot_id: m.botId, app_id: ws.appId } : {}),
    text: m.text,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    team: ws.teamId,
    ts: m.ts,
    ...(m.threadTs !== undefined ? { thread_ts: m.threadTs } : {}),
    ...(m.replyCount !== undefined ? { reply_count: m.replyCount } : {}),
    ...(m.edited ? { edited: m.edited } : {}),
    ...(o.metadata && m.metadata ? { metadata: m.metadata } : {}),
    ...(m.botId !== undefined ? { bot_profile: { id: m.botId, app_id: ws.appId, name: ws.botName, deleted: false, team_id: ws.teamId } } : {}),
  };
}

import { findMentions } from './find-mentions.js';
import { normalizeBlocks } from './normalize-blocks.js';
import type { Block, MessageMetadata, StoredEphemeral, StoredMessage } from './types.js';

export interface Content {
  text?: string;
  blocks?: Block[];
  linkNames?: boolean;
  /** chat.postMessage/chat.update metadata; an update without it keeps the old one */
  metadata?: MessageMetadata;
}

interface StoreDeps {
  nextTs: () => string;
  makeId: () => string;
  onChange: () => void;
  userIdsByName: () => Map<string, string>;
}

/**
 * Messages of every channel, as Slack keeps them: top-level messages and thread replies in ts
 * order, current version only, and ephemerals kept apart (only their recipient sees them).
 * Readers get copies, so a test can hold a message and compare it with a later version.
 */
export class MessageStore {
  private readonly byChannel = new Map<string, StoredMessage[]>();
  private readonly ephemeralList: StoredEphemeral[] = [];

  constructor(private readonly deps: StoreDeps) {}

  /** Stores a new message; `threadTs` must be a message of the channel (a reply's ts means its thread). */
  post(channel: string, content: Content, author: { botId?: string; userId?: string }, threadTs?: string): StoredMessage {
    const list = this.byChannel.get(channel) ?? [];
    this.byChannel.set(channel, list);
    const message: StoredMessage = {
      channel,
      ts: this.deps.nextTs(),
      text: content.text ?? '',
      versions: 1,
      mentions: [],
      ...author,
      ...(content.metadata ? { metadata: structuredClone(content.metadata) } : {}),
    };
    this.setContent(message, content);
    if (threadTs !== undefined) {
      const parent = this.find(channel, threadTs);
      if (!parent) throw new Error(`no message ${threadTs} in ${channel}`);
      const root = parent.threadTs !== undefined ? (this.find(channel, parent.threadTs) ?? parent) : parent;
      message.threadTs = root.ts;
      root.threadTs = root.ts;
      root.replyCount = (root.replyCount ?? 0) + 1;
    }
    list.push(message);
    this.deps.onChange();
    return structuredClone(message);
  }

  /** Replaces text and/or blocks in place; the ts stays, `versions` moves (and `edited`, given an editor). */
  update(channel: string, ts: string, content: Content, editor?: string): StoredMessage {
    const message = this.find(channel, ts);
    if (!message) throw new Error(`no message ${ts} in ${channel}`);
    const next = {
      text: content.text ?? message.text,
      blocks: content.blocks ?? message.blocks,
      linkNames: content.linkNames,
    };
    this.setContent(message, next);
    if (content.metadata) message.metadata = structuredClone(content.metadata);
    message.versions += 1;
    // chat.update marks the message edited; a response_url's replace_original does not.
    if (editor !== undefined) message.edited = { ts: this.deps.nextTs(), user: editor };
    this.deps.onChange();
    return structuredClone(message);
  }

  delete(channel: string, ts: string): void {
    const message = this.find(channel, ts);
    if (!message) return;
    message.deleted = true;
    this.deps.onChange();
  }

  postEphemeral(e: Omit<StoredEphemeral, 'messageTs' | 'mentions' | 'versions' | 'blocks'> & Content): StoredEphemeral {
    const { linkNames, blocks, ...rest } = e;
    const stored: StoredEphemeral = { ...rest, messageTs: this.deps.nextTs(), versions: 1, mentions: [] };
    this.setContent(stored, { text: e.text, blocks, linkNames });
    this.ephemeralList.push(stored);
    this.deps.onChange();
    return structuredClone(stored);
  }

  /** A response_url with `replace_original` on an ephemeral message replaces it for its user. */
  updateEphemeral(messageTs: string, content: Content): StoredEphemeral | undefined {
    const stored = this.ephemeralList.find((e) => e.messageTs === messageTs);
    if (!stored) return undefined;
    this.setContent(stored, { text: content.text ?? stored.text, blocks: content.blocks ?? stored.blocks, linkNames: content.linkNames });
    stored.versions += 1;
    this.deps.onChange();
    return structuredClone(stored);
  }

  deleteEphemeral(messageTs: string): void {
    const i = this.ephemeralList.findIndex((e) => e.messageTs === messageTs);
    if (i >= 0) this.ephemeralList.splice(i, 1);
    this.deps.onChange();
  }

  messages(channel: string): StoredMessage[] {
    return this.live(channel)
      .filter((m) => m.threadTs === undefined || m.threadTs === m.ts)
      .map((m) => structuredClone(m));
  }

  replies(channel: string, threadTs: string): StoredMessage[] {
    return this.live(channel)
      .filter((m) => m.threadTs === threadTs && m.ts !== threadTs)
      .map((m) => structuredClone(m));
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    const found = this.find(channel, ts);
    return found ? structuredClone(found) : undefined;
  }

  ephemeral(messageTs: string): StoredEphemeral | undefined {
    const found = this.ephemeralList.find((e) => e.messageTs === messageTs);
    return found ? structuredClone(found) : undefined;
  }

  ephemerals(filter: { userId?: string; channelId?: string } = {}): StoredEphemeral[] {
    return this.ephemeralList
      .filter((e) => (filter.userId === undefined || e.userId === filter.userId) && (filter.channelId === undefined || e.channel === filter.channelId))
      .map((e) => structuredClone(e));
  }

  private live(channel: string): StoredMessage[] {
    return (this.byChannel.get(channel) ?? []).filter((m) => !m.deleted);
  }

  private find(channel: string, ts: string): StoredMessage | undefined {
    return this.live(channel).find((m) => m.ts === ts);
  }

  private setContent(target: { text: string; blocks?: Block[]; mentions: string[] }, content: Content): void {
    target.text = content.text ?? '';
    if (content.blocks && content.blocks.length > 0) target.blocks = normalizeBlocks(content.blocks, this.deps.makeId);
    else delete target.blocks;
    target.mentions = findMentions({
      text: target.text,
      blocks: target.blocks,
      linkNames: content.linkNames,
      userIdsByName: this.deps.userIdsByName(),
    });
  }
}

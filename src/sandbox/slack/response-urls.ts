import { randomBytes } from 'node:crypto';
import { readMessageArgs } from './read-message-args.js';
import type { ApiAnswer } from './types.js';
import type { Workspace } from './workspace.js';

// https://docs.slack.dev/interactivity/handling-user-interaction#message_responses:
// "use a response_url up to five times within 30 minutes".
const MAX_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;

export interface ResponseTarget {
  channel: string;
  userId: string;
  /** The message an interaction came from: what `replace_original` / `delete_original` act on. */
  original?: { ts: string; ephemeral: boolean };
}

interface Issued extends ResponseTarget {
  createdAt: number;
  uses: number;
}

/** The response_urls handed out with commands and interactions, and what posting to them does. */
export class ResponseUrls {
  private readonly issued = new Map<string, Issued>();

  constructor(
    private readonly ws: Workspace,
    private readonly now: () => number = Date.now,
    private readonly lifetimeMs = RESPONSE_URL_LIFETIME_MS,
  ) {}

  issue(target: ResponseTarget): string {
    const id = `${this.ws.teamId}/${randomBytes(8).toString('hex')}`;
    this.issued.set(id, { ...target, createdAt: this.now(), uses: 0 });
    return new URL(`response/${id}`, this.ws.baseUrl).toString();
  }

  /**
   * A POST of `{text, blocks, response_type, replace_original, delete_original, thread_ts}`:
   * ephemeral to the user by default, `in_channel` to the channel, `replace_original` updates
   * the message the interaction came from.
   */
  answer(id: string, body: Record<string, unknown>): ApiAnswer {
    const issued = this.issued.get(id);
    if (!issued || this.now() - issued.createdAt > this.lifetimeMs) return refuse(404, 'expired_url');
    if (issued.uses >= MAX_USES) return refuse(404, 'used_url');
    issued.uses += 1;
    const { store } = this.ws;
    const original = issued.original;
    if (isTrue(body.delete_original)) {
      if (original?.ephemeral) store.deleteEphemeral(original.ts);
      else if (original) store.delete(issued.channel, original.ts);
      return { status: 200, body: { ok: true } };
    }
    const content = readMessageArgs(body, { requireContent: true });
    if (!content.ok) return { status: 400, body: content.body };
    const threadTs = typeof body.thread_ts === 'string' && body.thread_ts !== '' ? body.thread_ts : undefined;
    if (isTrue(body.replace_original) && original) {
      if (original.ephemeral) store.updateEphemeral(original.ts, content);
      else if (store.message(issued.channel, original.ts)) store.update(issued.channel, original.ts, content);
      else return refuse(404, 'message_not_found');
      return { status: 200, body: { ok: true } };
    }
    if (body.response_type === 'in_channel') {
      if (threadTs !== undefined && !store.message(issued.channel, threadTs)) return refuse(404, 'thread_not_found');
      store.post(issued.channel, content, { botId: this.ws.botId, userId: this.ws.botUserId }, threadTs);
    } else {
      store.postEphemeral({
        channel: issued.channel,
        userId: issued.userId,
        text: content.text ?? '',
        blocks: content.blocks,
        linkNames: content.linkNames,
        via: 'response_url',
        ...(threadTs !== undefined ? { threadTs } : {}),
      });
    }
    return { status: 200, body: { ok: true } };
  }
}

function refuse(status: number, error: string): ApiAnswer {
  return { status, body: { ok: false, error } };
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

import type { Block } from './types.js';
import { validateBlocks } from './validate-blocks.js';

// https://docs.slack.dev/reference/methods/chat.postMessage#truncating-content
export const MAX_TEXT = 40_000;

export type MessageArgs =
  | {
      ok: true;
      /** Absent when the caller sent no `text` (chat.update then keeps the old one). */
      text?: string;
      /** Absent when not sent; `[]` when sent empty (chat.update then removes the blocks). */
      blocks?: Block[];
      linkNames: boolean;
    }
  | { ok: false; body: Record<string, unknown> };

/**
 * Reads and checks the content arguments shared by chat.postMessage, chat.update,
 * chat.postEphemeral, a command's ack and a response_url: `text`, `blocks` (a JSON string when
 * form-encoded), `link_names`/`parse`. Answers Slack's errors: `invalid_blocks_format`,
 * `invalid_blocks` (with `errors` and `response_metadata.messages`), `msg_too_long`, `no_text`.
 */
export function readMessageArgs(args: Record<string, unknown>, options: { requireContent: boolean }): MessageArgs {
  let blocks: unknown = args.blocks;
  if (typeof blocks === 'string') {
    try {
      blocks = JSON.parse(blocks);
    } catch {
      return refuse('invalid_blocks_format');
    }
  }
  if (blocks !== undefined && !Array.isArray(blocks)) return refuse('invalid_blocks_format');
  const text = args.text === undefined || args.text === null ? undefined : String(args.text);
  if (text !== undefined && text.length > MAX_TEXT) return refuse('msg_too_long');
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  if (options.requireContent && !hasBlocks && !text) return refuse('no_text');
  if (Array.isArray(blocks)) {
    const errors = validateBlocks(blocks);
    if (errors.length > 0) {
      return refuse('invalid_blocks', { errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });
    }
  }
  const linkNames = [true, 'true', '1', 1].includes(args.link_names as never) || args.parse === 'full';
  return { ok: true, text, blocks: blocks as Block[] | undefined, linkNames };
}

function refuse(error: string, extra: Record<string, unknown> = {}): MessageArgs {
  return { ok: false, body: { ok: false, error, ...extra } };
}

import { isRecord } from './is-record.js';
import type { Block } from './types.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Short ids like the ones Slack invents for blocks and elements sent without one (`'a1Xz'`). */
export function createIdMaker(): () => string {
  let n = 0;
  return () => {
    n += 1;
    // A multiplicative hash spreads consecutive counters over the alphabet, deterministically.
    let x = (n * 2654435761) >>> 0;
    let id = '';
    for (let i = 0; i < 5; i += 1) {
      id += ALPHABET[x % ALPHABET.length];
      x = Math.floor(x / ALPHABET.length);
    }
    return id;
  };
}

/**
 * The blocks as Slack stores and returns them: a `block_id` on every block and an `action_id`
 * on every interactive element (invented when absent), `emoji: true` on plain_text and
 * `verbatim: false` on mrkdwn text objects. A bot must not rely on its blocks coming back
 * byte-for-byte; it can rely on the ids it set itself.
 */
export function normalizeBlocks(blocks: Block[], makeId: () => string): Block[] {
  return blocks.map((original) => {
    const block = normalizeTexts(structuredClone(original)) as Block;
    if (typeof block.block_id !== 'string') block.block_id = makeId();
    const elements = block.type === 'actions' && Array.isArray(block.elements) ? block.elements : [];
    for (const element of [...elements, block.type === 'section' ? block.accessory : undefined]) {
      if (isRecord(element) && element.type !== 'image' && typeof element.action_id !== 'string') {
        element.action_id = makeId();
      }
    }
    return block;
  });
}

function normalizeTexts(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeTexts);
  if (!isRecord(value)) return value;
  for (const [key, child] of Object.entries(value)) value[key] = normalizeTexts(child);
  if (value.type === 'plain_text' && value.emoji === undefined) value.emoji = true;
  if (value.type === 'mrkdwn' && value.verbatim === undefined) value.verbatim = false;
  return value;
}

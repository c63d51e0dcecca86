import { BlockCheck } from './block-check.js';
import { isRecord } from './is-record.js';
import { ACCESSORY_ELEMENTS, ACTIONS_ELEMENTS, validateContextElement, validateElement } from './validate-element.js';

// Limits from https://docs.slack.dev/reference/block-kit/blocks/ ("up to 50 blocks in each message").
export const MAX_BLOCKS = 50;

/**
 * Checks a message's `blocks` the way Slack does before storing it. Returns Slack's error
 * strings (empty when valid), each naming the offending field with a JSON pointer, e.g.
 * `no more than 50 items allowed [json-pointer:/blocks]`.
 */
export function validateBlocks(blocks: unknown[]): string[] {
  const check = new BlockCheck();
  if (blocks.length > MAX_BLOCKS) check.fail(`no more than ${MAX_BLOCKS} items allowed`, '/blocks');
  blocks.forEach((block, i) => validateBlock(check, block, `/blocks/${i}`));
  return check.errors;
}

function validateBlock(check: BlockCheck, block: unknown, at: string): void {
  if (!isRecord(block)) return check.fail('must provide an object', at);
  if (typeof block.type !== 'string') return check.fail('missing required field: type', at);
  check.blockId(block, at);
  switch (block.type) {
    case 'section':
      return section(check, block, at);
    case 'divider':
      return check.props(block, ['type', 'block_id'], at);
    case 'header':
      check.props(block, ['type', 'block_id', 'text'], at);
      return check.text(block, 'text', at, { max: 150, plainOnly: true, required: true });
    case 'context':
      check.props(block, ['type', 'block_id', 'elements'], at);
      check.array(block, 'elements', at, { min: 1, max: 10, required: true }).forEach((el, i) => validateContextElement(check, el, `${at}/elements/${i}`));
      return;
    case 'actions':
      check.props(block, ['type', 'block_id', 'elements'], at);
      check
        .array(block, 'elements', at, { min: 1, max: 25, required: true })
        .forEach((el, i) => validateElement(check, el, `${at}/elements/${i}`, ACTIONS_ELEMENTS));
      return;
    case 'image':
      check.props(block, ['type', 'block_id', 'image_url', 'alt_text', 'title', 'slack_file'], at);
      check.string(block, 'image_url', at, { max: 3000, required: block.slack_file === undefined });
      check.string(block, 'alt_text', at, { max: 2000, required: true });
      return check.text(block, 'title', at, { max: 2000, plainOnly: true });
    case 'markdown':
      // https://docs.slack.dev/reference/block-kit/blocks/markdown-block: 12,000 characters.
      check.props(block, ['type', 'block_id', 'text'], at);
      return check.string(block, 'text', at, { max: 12000, required: true });
    case 'rich_text':
      check.props(block, ['type', 'block_id', 'elements'], at);
      check.array(block, 'elements', at, { max: Number.MAX_SAFE_INTEGER, required: true });
      return;
    default:
      check.fail(`unsupported type: ${block.type}`, `${at}/type`);
  }
}

function section(check: BlockCheck, block: Record<string, unknown>, at: string): void {
  check.props(block, ['type', 'block_id', 'text', 'fields', 'accessory', 'expand'], at);
  if (block.text === undefined && block.fields === undefined) {
    check.fail('must define either `text` or `fields`', `${at}/type`);
  }
  check.text(block, 'text', at, { max: 3000, alternatives: true });
  check.array(block, 'fields', at, { min: 1, max: 10 }).forEach((field, i) => check.textObject(field, `${at}/fields/${i}`, { max: 2000, alternatives: true }));
  if (block.accessory !== undefined) validateElement(check, block.accessory, `${at}/accessory`, ACCESSORY_ELEMENTS);
}

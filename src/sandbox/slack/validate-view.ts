import { BlockCheck } from './block-check.js';
import { isRecord } from './is-record.js';
import { validateBlocks } from './validate-blocks.js';

/**
 * A modal view checked as views.open checks it (https://docs.slack.dev/reference/views/modal-views):
 * a plain_text title, submit and close of 24 characters at most, 100 blocks, a `submit` whenever
 * there is an input block, `private_metadata` of 3000 characters and `callback_id` of 255.
 * Input blocks (https://docs.slack.dev/reference/block-kit/blocks/input-block): a plain_text
 * label of 2000, one element; a plain_text_input's `max_length` at most 3000.
 * Returns Slack's messages, each naming the field with a JSON pointer under `/view`.
 */
export function validateView(view: unknown): string[] {
  const check = new BlockCheck();
  if (!isRecord(view)) {
    check.fail('must provide an object', '/view');
    return check.errors;
  }
  if (view.type !== 'modal') check.fail('must be a valid enum value', '/view/type');
  check.text(view, 'title', '/view', { max: 24, plainOnly: true, required: true });
  check.text(view, 'submit', '/view', { max: 24, plainOnly: true });
  check.text(view, 'close', '/view', { max: 24, plainOnly: true });
  check.string(view, 'private_metadata', '/view', { max: 3000 });
  check.string(view, 'callback_id', '/view', { max: 255 });
  const blocks = check.array(view, 'blocks', '/view', { max: 100, required: true });
  blocks.forEach((block, i) => {
    const at = `/view/blocks/${i}`;
    if (isRecord(block) && block.type === 'input') return input(check, block, at);
    for (const error of validateBlocks([block])) check.errors.push(error.replace('[json-pointer:/blocks/0', `[json-pointer:${at}`));
  });
  if (blocks.some((b) => isRecord(b) && b.type === 'input') && view.submit === undefined) check.fail('missing required field: submit', '/view');
  return check.errors;
}

function input(check: BlockCheck, block: Record<string, unknown>, at: string): void {
  check.props(block, ['type', 'block_id', 'label', 'element', 'hint', 'optional', 'dispatch_action'], at);
  check.blockId(block, at);
  check.text(block, 'label', at, { max: 2000, plainOnly: true, required: true });
  check.text(block, 'hint', at, { max: 2000, plainOnly: true });
  const element = block.element;
  if (!isRecord(element)) return check.fail('missing required field: element', at);
  const el = `${at}/element`;
  check.actionId(element, el);
  if (element.type !== 'plain_text_input') return;
  check.props(
    element,
    ['type', 'action_id', 'initial_value', 'multiline', 'min_length', 'max_length', 'placeholder', 'dispatch_action_config', 'focus_on_load'],
    el,
  );
  check.text(element, 'placeholder', el, { max: 150, plainOnly: true });
  for (const key of ['min_length', 'max_length'] as const) {
    const n = element[key];
    if (n !== undefined && (typeof n !== 'number' || n < 0 || n > 3000)) check.fail('must be at most 3000', `${el}/${key}`);
  }
}

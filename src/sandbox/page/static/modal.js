// The modal in front of the page's user (the bot opened it with views.open), drawn as Slack's
// client draws one: its title, its blocks, a field for each plain_text_input, Cancel and Submit.
// Kept as drawn while it stays open, so that a redraw never loses what was typed.
import { h } from './dom.js';
import { plainText } from './mrkdwn.js';
import { renderBlocks } from './render-message.js';

let shown = null; // { id, form, errors: Map<block_id, element> }

/**
 * Draws `modal` (or removes the one shown when it is gone) in `layer`. `submit(values)` resolves
 * to the app's errors by block_id (the modal stays open), or to nothing; `dismiss()` closes it.
 */
export function drawModal(layer, modal, ctx, { submit, dismiss }) {
  if (!modal) {
    shown = null;
    layer.hidden = true;
    layer.replaceChildren();
    return;
  }
  if (shown?.id === modal.id) return;
  const fields = [];
  const errors = new Map();
  const body = modal.blocks.map((block) => (block.type === 'input' ? inputBlock(block, fields, errors) : renderBlocks([block], ctx)));
  const form = h(
    'form',
    { class: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'modal-title' },
    h('h2', { id: 'modal-title' }, modal.title),
    h('div', { class: 'modal-body' }, body),
    h(
      'div',
      { class: 'modal-actions' },
      h('button', { type: 'button', class: 'btn', onclick: () => dismiss() }, modal.close),
      modal.submit ? h('button', { type: 'submit', class: 'btn primary' }, modal.submit) : null,
    ),
  );
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') dismiss();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const el of errors.values()) el.textContent = '';
    const values = Object.fromEntries(fields.map((f) => [f.dataset.blockId, f.value]));
    const said = await submit(values);
    for (const [blockId, message] of Object.entries(said ?? {})) {
      const el = errors.get(blockId);
      if (el) el.textContent = String(message);
    }
  });
  shown = { id: modal.id, form };
  layer.replaceChildren(form);
  layer.hidden = false;
  fields[0]?.focus();
}

/** An input block with a plain_text_input: its label, the field, and room for the app's error. */
function inputBlock(block, fields, errors) {
  const element = block.element ?? {};
  if (element.type !== 'plain_text_input') return h('p', { class: 'muted' }, `(${element.type ?? 'an input'} is not drawn here)`);
  const attrs = {
    dataset: { blockId: block.block_id },
    'aria-label': plainText(block.label),
    placeholder: element.placeholder ? plainText(element.placeholder) : undefined,
    maxlength: element.max_length,
    required: block.optional ? undefined : true,
  };
  const field = element.multiline ? h('textarea', { ...attrs, rows: 4 }) : h('input', attrs);
  fields.push(field);
  const error = h('div', { class: 'field-error', role: 'alert' });
  errors.set(block.block_id, error);
  return h('label', { class: 'modal-input' }, h('span', { class: 'modal-label' }, plainText(block.label)), field, error);
}

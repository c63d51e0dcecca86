// A message as Slack draws it: Block Kit blocks (or the fallback text), its thread, and the
// interactive elements wired to ctx.act(kind, item, element, value), which returns a promise.
import { h, safeUrl, timeOf } from './dom.js';
import { decodeEntities, plainText, renderInline, renderMrkdwn } from './mrkdwn.js';

export function renderItem(item, ctx, isReply = false) {
  const classes = ['msg', item.ephemeral ? 'ephemeral' : '', isReply ? 'reply' : ''].filter(Boolean).join(' ');
  return h(
    'article',
    { class: classes, dataset: { ts: item.ts } },
    h('div', { class: 'avatar', 'aria-hidden': 'true' }, item.bot ? 'RB' : (item.author[0] ?? '?').toUpperCase()),
    h(
      'div',
      { class: 'msg-main' },
      h(
        'div',
        { class: 'meta' },
        h('span', { class: 'author' }, item.author),
        item.bot ? h('span', { class: 'app-badge' }, 'APP') : null,
        h('time', {}, timeOf(item.ts)),
        item.edited ? h('span', { class: 'edited' }, '(edited)') : null,
        item.ephemeral ? h('span', { class: 'only-you' }, '👁 Only visible to you') : null,
      ),
      h(
        'div',
        { class: 'msg-body' },
        item.blocks?.length ? item.blocks.map((b) => renderBlock(b, item, ctx)) : h('div', { class: 'text' }, renderMrkdwn(item.text, ctx)),
      ),
      item.replies?.length
        ? h(
            'section',
            { class: 'thread', 'aria-label': 'thread' },
            h('div', { class: 'thread-count' }, `${item.replies.length} repl${item.replies.length === 1 ? 'y' : 'ies'}`),
            item.replies.map((r) => renderItem(r, ctx, true)),
          )
        : null,
    ),
  );
}

/** Blocks outside a message (a modal's): no interactive element is wired to a message. */
export function renderBlocks(blocks, ctx) {
  return blocks.map((b) => renderBlock(b, { ts: '' }, ctx));
}

function textObject(object, ctx) {
  if (!object) return null;
  return object.type === 'mrkdwn' ? renderMrkdwn(object.text, ctx) : plainText(object);
}

function renderBlock(block, item, ctx) {
  switch (block.type) {
    case 'header':
      return h('div', { class: 'b-header', role: 'heading', 'aria-level': '3' }, plainText(block.text));
    case 'section':
      return h(
        'div',
        { class: 'b-section' },
        h(
          'div',
          { class: 'b-section-main' },
          block.text ? h('div', { class: 'text' }, textObject(block.text, ctx)) : null,
          block.fields?.length
            ? h(
                'div',
                { class: 'b-fields' },
                block.fields.map((f) => h('div', { class: 'text' }, textObject(f, ctx))),
              )
            : null,
        ),
        block.accessory ? h('div', { class: 'b-accessory' }, renderElement(block.accessory, item, ctx)) : null,
      );
    case 'divider':
      return h('hr', { class: 'b-divider' });
    case 'context':
      return h(
        'div',
        { class: 'b-context' },
        (block.elements ?? []).map((e) =>
          e.type === 'image' ? h('span', { class: 'img-alt', title: e.alt_text ?? '' }, '🖼') : h('span', { class: 'text' }, textObject(e, ctx)),
        ),
      );
    case 'actions':
      return h(
        'div',
        { class: 'b-actions' },
        (block.elements ?? []).map((e) => renderElement(e, item, ctx)),
      );
    case 'image':
      return h('div', { class: 'b-image' }, '🖼 ', block.title ? plainText(block.title) : '', ' ', h('span', { class: 'muted' }, block.alt_text ?? ''));
    case 'rich_text':
      return h(
        'div',
        { class: 'b-rich text' },
        (block.elements ?? []).map((e) => richBlock(e, ctx)),
      );
    default:
      return h('div', { class: 'b-unknown' }, `[a ${String(block.type)} block: the sandbox page does not draw these]`);
  }
}

function renderElement(element, item, ctx) {
  const act = (control, kind, value) => {
    if (element.confirm && !confirmed(element.confirm)) return Promise.resolve(false);
    control.disabled = true;
    return ctx
      .act(kind, item, element, value)
      .then(() => true)
      .finally(() => {
        control.disabled = false;
      });
  };
  switch (element.type) {
    case 'button': {
      const url = element.url ? safeUrl(element.url) : null;
      if (url) return h('a', { class: 'btn', href: url, target: '_blank', rel: 'noopener noreferrer' }, plainText(element.text));
      const button = h(
        'button',
        {
          type: 'button',
          class: `btn ${element.style ?? ''}`.trim(),
          dataset: { actionId: element.action_id ?? '' },
          onclick: () => act(button, 'click'),
        },
        plainText(element.text),
      );
      return button;
    }
    case 'static_select':
    case 'overflow': {
      const placeholder = element.type === 'overflow' ? '⋯' : plainText(element.placeholder ?? 'Select');
      const initial = element.initial_option?.value;
      const option = (o) => h('option', { value: o.value, selected: o.value === initial }, plainText(o.text));
      const select = h(
        'select',
        {
          class: 'select',
          dataset: { actionId: element.action_id ?? '' },
          'aria-label': placeholder,
          onchange: () => {
            // Like Slack, the choice stays on screen until the app updates the message.
            void act(select, 'select', select.value).then((done) => {
              if (!done) select.value = initial ?? '';
            });
          },
        },
        h('option', { value: '', disabled: true, selected: initial === undefined }, placeholder),
        (element.options ?? []).map(option),
        (element.option_groups ?? []).map((g) => h('optgroup', { label: plainText(g.label) }, (g.options ?? []).map(option))),
      );
      return select;
    }
    case 'image':
      return h('span', { class: 'img-alt', title: element.alt_text ?? '' }, '🖼');
    default:
      return h('span', { class: 'b-unknown' }, `[${String(element.type)}]`);
  }
}

function confirmed(dialog) {
  const text = (object) => decodeEntities(String(object?.text ?? ''));
  return window.confirm([text(dialog.title), text(dialog.text)].filter(Boolean).join('\n\n'));
}

// rich_text, in the parts people write: sections, lists, quotes, preformatted text.
function richBlock(element, ctx) {
  const inline = (elements) => (elements ?? []).map((e) => richInline(e, ctx));
  switch (element.type) {
    case 'rich_text_section':
      return h('div', {}, inline(element.elements));
    case 'rich_text_preformatted':
      return h('pre', { class: 'code-block' }, inline(element.elements));
    case 'rich_text_quote':
      return h('blockquote', {}, inline(element.elements));
    case 'rich_text_list':
      return h(
        element.style === 'ordered' ? 'ol' : 'ul',
        {},
        (element.elements ?? []).map((s) => h('li', {}, inline(s.elements))),
      );
    default:
      return null;
  }
}

function richInline(e, ctx) {
  let node;
  if (e.type === 'text') node = e.text ?? '';
  else if (e.type === 'link')
    node = safeUrl(e.url) ? h('a', { href: safeUrl(e.url), target: '_blank', rel: 'noopener noreferrer' }, e.text ?? e.url) : (e.text ?? '');
  else if (e.type === 'user') node = h('span', { class: 'mention' }, `@${ctx.userName(e.user_id) || e.user_id}`);
  else if (e.type === 'channel') node = h('span', { class: 'mention' }, `#${ctx.channelName(e.channel_id) || e.channel_id}`);
  else if (e.type === 'emoji') node = renderInline(`:${e.name}:`, ctx);
  else return null;
  const style = e.style ?? {};
  if (style.code) node = h('code', {}, node);
  if (style.bold) node = h('strong', {}, node);
  if (style.italic) node = h('em', {}, node);
  if (style.strike) node = h('s', {}, node);
  return node;
}

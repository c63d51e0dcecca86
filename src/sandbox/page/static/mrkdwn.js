// Slack's mrkdwn, drawn as DOM: https://docs.slack.dev/messaging/formatting-message-text
// Text arrives escaped (&amp; &lt; &gt;); a raw `<…>` is a link, a mention or a special token.
import { fragment, h, safeUrl } from './dom.js';

const EMOJI = {
  rocket: '🚀',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  label: '🏷️',
  package: '📦',
  thumbsup: '👍',
  '+1': '👍',
  thumbsdown: '👎',
  hourglass_flowing_sand: '⏳',
  hourglass: '⌛',
  no_entry_sign: '🚫',
  no_entry: '⛔',
  heavy_multiplication_x: '✖️',
  warning: '⚠️',
  test_tube: '🧪',
  twisted_rightwards_arrows: '🔀',
  train: '🚆',
  steam_locomotive: '🚂',
  arrows_counterclockwise: '🔄',
  rewind: '⏪',
  pushpin: '📌',
  round_pushpin: '📍',
  tada: '🎉',
  ship: '🚢',
  gear: '⚙️',
  lock: '🔒',
  unlock: '🔓',
  information_source: 'ℹ️',
  large_green_circle: '🟢',
  red_circle: '🔴',
  large_yellow_circle: '🟡',
  white_circle: '⚪',
  hammer_and_wrench: '🛠️',
  construction: '🚧',
  eyes: '👀',
  question: '❓',
  arrow_right: '➡️',
  stopwatch: '⏱️',
  memo: '📝',
  bell: '🔔',
  zap: '⚡',
  fire: '🔥',
  boom: '💥',
  sparkles: '✨',
  bug: '🐛',
  link: '🔗',
  inbox_tray: '📥',
  outbox_tray: '📤',
  recycle: '♻️',
  leftwards_arrow_with_hook: '↩️',
  bulb: '💡',
  mag: '🔍',
  pause_button: '⏸️',
  arrow_forward: '▶️',
  stop_sign: '🛑',
  dart: '🎯',
  clipboard: '📋',
  bust_in_silhouette: '👤',
};

export function emojify(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] ?? whole);
}

export function decodeEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A plain_text object (or a string): shown as it is, emoji codes turned into emoji. */
export function plainText(object) {
  const text = typeof object === 'string' ? object : String(object?.text ?? '');
  return object?.emoji === false ? text : emojify(text);
}

/**
 * mrkdwn → a DocumentFragment. ctx: { userName(id), channelName(id) }.
 * Code blocks first, then quotes by line, then inline formatting.
 */
export function renderMrkdwn(text, ctx) {
  const out = fragment();
  const parts = String(text ?? '').split('```');
  parts.forEach((part, i) => {
    const isCode = i % 2 === 1 && i < parts.length - 1;
    if (isCode) out.append(h('pre', { class: 'code-block' }, decodeEntities(part.replace(/^\n/, ''))));
    else out.append(renderLines(i % 2 === 1 ? `\`\`\`${part}` : part, ctx));
  });
  return out;
}

function renderLines(text, ctx) {
  const out = fragment();
  const lines = text.split('\n');
  let quote = null;
  lines.forEach((line, i) => {
    const quoted = /^&gt;\s?/.exec(line);
    if (quoted) {
      if (!quote) {
        quote = h('blockquote');
        out.append(quote);
      } else quote.append('\n');
      quote.append(renderInline(line.slice(quoted[0].length), ctx));
      return;
    }
    quote = null;
    out.append(renderInline(line, ctx));
    if (i < lines.length - 1 && !/^&gt;/.test(lines[i + 1] ?? '')) out.append('\n');
  });
  return out;
}

// `code` | <token> | *bold* | _italic_ | ~strike~ ; a marker counts only next to a word boundary.
const INLINE = new RegExp(
  [
    '`([^`\\n]+)`',
    '<([^<>\\n]+)>',
    '(?<![\\p{L}\\p{N}*])\\*(?=\\S)([^*\\n]*?\\S)\\*(?![\\p{L}\\p{N}*])',
    '(?<![\\p{L}\\p{N}_])_(?=\\S)([^_\\n]*?\\S)_(?![\\p{L}\\p{N}_])',
    '(?<![\\p{L}\\p{N}~])~(?=\\S)([^~\\n]*?\\S)~(?![\\p{L}\\p{N}~])',
  ].join('|'),
  'gu',
);

export function renderInline(text, ctx) {
  const out = fragment();
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.append(emojify(decodeEntities(text.slice(last, m.index))));
    last = m.index + m[0].length;
    if (m[1] !== undefined) out.append(h('code', {}, decodeEntities(m[1])));
    else if (m[2] !== undefined) out.append(renderToken(m[2], ctx));
    else if (m[3] !== undefined) out.append(h('strong', {}, renderInline(m[3], ctx)));
    else if (m[4] !== undefined) out.append(h('em', {}, renderInline(m[4], ctx)));
    else if (m[5] !== undefined) out.append(h('s', {}, renderInline(m[5], ctx)));
  }
  if (last < text.length) out.append(emojify(decodeEntities(text.slice(last))));
  return out;
}

/** The inside of `<…>`: a mention, a special token, or a link with an optional label. */
function renderToken(token, ctx) {
  const bar = token.indexOf('|');
  const target = bar < 0 ? token : token.slice(0, bar);
  const label = bar < 0 ? '' : decodeEntities(token.slice(bar + 1));
  if (target.startsWith('@')) return h('span', { class: 'mention' }, `@${ctx.userName(target.slice(1)) || label || target.slice(1)}`);
  if (target.startsWith('#')) return h('span', { class: 'mention' }, `#${label || ctx.channelName(target.slice(1)) || target.slice(1)}`);
  if (target.startsWith('!')) {
    const special = target.slice(1);
    if (['here', 'channel', 'everyone'].includes(special)) return h('span', { class: 'mention loud' }, `@${special}`);
    if (special.startsWith('subteam^')) return h('span', { class: 'mention' }, label || `@${special.slice(8)}`);
    return label || `<${special}>`;
  }
  const href = safeUrl(decodeEntities(target));
  const shown = emojify(label || decodeEntities(target));
  return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, shown) : shown;
}

// The one way the page makes DOM: elements with properties, and text as text nodes. Nothing
// the bot or a commit author wrote ever goes through innerHTML.

/**
 * h('a', { class: 'x', href, onclick }, 'text', child) → an element. Strings become text nodes;
 * null, undefined and false children are left out; arrays are flattened.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value' || key === 'checked' || key === 'disabled' || key === 'selected') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
  return parent;
}

export function fragment(...children) {
  return append(document.createDocumentFragment(), children);
}

/** An http(s) or mailto URL, normalised; anything else (javascript:, data:) is not a link. */
export function safeUrl(raw) {
  try {
    const url = new URL(raw);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** `1732170000.000100` → the local time of day. */
export function timeOf(ts) {
  const date = new Date(Number(String(ts).split('.')[0]) * 1000);
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

const ELLIPSIS = '…';
/** The longest HTML-style entity worth protecting (`&#x1F600;` is 9). */
const ENTITY_AT_END = /&(?:#\d{0,7}|#x[0-9A-Fa-f]{0,6}|[A-Za-z]{0,8})$/;
const ENTITY_AT_START = /^&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]{1,8});/;

/**
 * `text` cut to at most `max` UTF-16 units (what `.length` and Slack's limits count), ending
 * in `…` when cut. The cut never lands inside a surrogate pair (half an emoji shows as �) nor
 * inside an entity such as `&amp;` of already-escaped mrkdwn (Slack would show `&am`).
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < ELLIPSIS.length) return '';
  let cut = max - ELLIPSIS.length;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  const partial = ENTITY_AT_END.exec(text.slice(0, cut));
  if (partial && ENTITY_AT_START.test(text.slice(partial.index))) cut = partial.index;
  return text.slice(0, cut) + ELLIPSIS;
}

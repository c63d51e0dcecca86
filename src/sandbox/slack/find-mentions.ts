import { isRecord } from './is-record.js';
import type { Block } from './types.js';

// https://docs.slack.dev/messaging/formatting-message-text#mentioning-users (and #special-mentions)
// Only the control sequence `<…>` pings; its escaped form `&lt;!channel&gt;` is plain text.
const CONTROL = /<(!channel|!here|!everyone|!subteam\^[A-Z0-9]+|@[UW][A-Z0-9]+)(?:\|[^>]*)?>/g;
// With `link_names=true` Slack also turns bare `@channel` and `@name` into mentions.
const BARE = /(^|[^\w&<@])@([a-z0-9][a-z0-9._-]*)/gi;

export interface MentionSource {
  text?: string;
  blocks?: Block[];
  /** The message was sent with `link_names=true` (or `parse=full`). */
  linkNames?: boolean;
  /** Lower-cased user name → id, to resolve bare `@name` under `linkNames`. */
  userIdsByName?: Map<string, string>;
}

/**
 * Every special mention Slack would act on in a message: in its `text` and in every mrkdwn
 * text object, markdown block and rich_text mention element of its blocks.
 * Returned in their canonical control form (`<!channel>`, `<@U123>`), first seen first.
 */
export function findMentions(source: MentionSource): string[] {
  const found = new Set<string>();
  const scan = (mrkdwn: string): void => {
    for (const m of mrkdwn.matchAll(CONTROL)) found.add(`<${m[1]}>`);
    if (source.linkNames) {
      for (const m of mrkdwn.matchAll(BARE)) {
        const word = (m[2] ?? '').toLowerCase();
        if (word === 'channel' || word === 'here' || word === 'everyone') found.add(`<!${word}>`);
        const id = source.userIdsByName?.get(word);
        if (id) found.add(`<@${id}>`);
      }
    }
  };
  if (typeof source.text === 'string') scan(source.text);
  for (const block of source.blocks ?? []) scanBlock(block, scan, found);
  return [...found];
}

function scanBlock(block: Block, scan: (mrkdwn: string) => void, found: Set<string>): void {
  const textObject = (value: unknown): void => {
    if (isRecord(value) && value.type === 'mrkdwn' && typeof value.text === 'string') scan(value.text);
  };
  switch (block.type) {
    case 'section':
      textObject(block.text);
      if (Array.isArray(block.fields)) block.fields.forEach(textObject);
      break;
    case 'context':
      if (Array.isArray(block.elements)) block.elements.forEach(textObject);
      break;
    case 'markdown':
      if (typeof block.text === 'string') scan(block.text);
      break;
    case 'rich_text':
      scanRichText(block.elements, found);
      break;
  }
}

function scanRichText(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) scanRichText(item, found);
    return;
  }
  if (!isRecord(value)) return;
  if (value.type === 'broadcast' && typeof value.range === 'string') found.add(`<!${value.range}>`);
  if (value.type === 'user' && typeof value.user_id === 'string') found.add(`<@${value.user_id}>`);
  if (value.type === 'usergroup' && typeof value.usergroup_id === 'string') {
    found.add(`<!subteam^${value.usergroup_id}>`);
  }
  if (Array.isArray(value.elements)) scanRichText(value.elements, found);
}

import type { Button, ContextBlock, HeaderBlock, SectionBlock } from '@slack/types';
import { escapeMrkdwn } from '../../domain/escape-mrkdwn.js';
import { truncate } from '../../domain/truncate.js';

/** Slack's limits, https://docs.slack.dev/reference/block-kit/blocks */
export const LIMITS = { blocks: 50, sectionText: 3000, headerText: 150, buttonText: 75, contextElements: 10 } as const;

export const shortSha = (sha: string) => sha.slice(0, 7);

/** `<url|label>` with the label escaped; `|` and `>` in a label would end the link early. */
export function link(url: string, label: string): string {
  return `<${url}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`;
}

export const code = (s: string) => `\`${escapeMrkdwn(s).replace(/`/g, "'")}\``;

export function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } };
}

export function context(...texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.slice(0, LIMITS.contextElements).map((t) => ({ type: 'mrkdwn', text: truncate(t, LIMITS.sectionText) })) };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true } };
}

export function button(o: { actionId: string; text: string; value: string; style?: 'primary' | 'danger' }): Button {
  return {
    type: 'button',
    action_id: o.actionId,
    text: { type: 'plain_text', text: truncate(o.text, LIMITS.buttonText), emoji: true },
    value: o.value,
    ...(o.style ? { style: o.style } : {}),
  };
}

/**
 * Lines joined until the section limit would be passed; the rest become "…and N more",
 * with a link to see them all when one is given.
 */
export function cappedList(lines: readonly string[], o: { maxLines: number; moreUrl?: string; moreLabel?: string; budget?: number }): string {
  const budget = o.budget ?? LIMITS.sectionText - 120;
  const shown: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (shown.length >= o.maxLines || used + line.length + 1 > budget) break;
    shown.push(line);
    used += line.length + 1;
  }
  const rest = lines.length - shown.length;
  if (rest > 0) {
    const more = o.moreUrl ? ` ${link(o.moreUrl, o.moreLabel ?? 'see all')}` : '';
    shown.push(`_…and ${rest} more_${more}`);
  }
  return shown.join('\n');
}

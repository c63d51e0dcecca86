import type { BlockCheck } from './block-check.js';
import { isRecord } from './is-record.js';

// Limits from https://docs.slack.dev/reference/block-kit/block-elements/ and
// https://docs.slack.dev/reference/block-kit/composition-objects/

/** Interactive elements Slack accepts that the emulator checks only loosely (action_id, closed type). */
const LOOSE_INTERACTIVE = [
  'checkboxes',
  'radio_buttons',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'multi_static_select',
  'users_select',
  'multi_users_select',
  'conversations_select',
  'multi_conversations_select',
  'channels_select',
  'multi_channels_select',
  'external_select',
  'multi_external_select',
  'workflow_button',
];

export const ACTIONS_ELEMENTS = ['button', 'static_select', 'overflow', ...LOOSE_INTERACTIVE];
export const ACCESSORY_ELEMENTS = [...ACTIONS_ELEMENTS, 'image'];

/** One element of an `actions` block or a section `accessory`, checked against Slack's limits. */
export function validateElement(check: BlockCheck, element: unknown, at: string, allowed: readonly string[]): void {
  if (!isRecord(element)) return check.fail('must provide an object', at);
  const type = element.type;
  if (typeof type !== 'string') return check.fail('missing required field: type', at);
  if (!allowed.includes(type)) return check.fail(`unsupported type: ${type}`, `${at}/type`);
  switch (type) {
    case 'button':
      return button(check, element, at);
    case 'static_select':
      return staticSelect(check, element, at);
    case 'overflow':
      check.props(element, ['type', 'action_id', 'options', 'confirm'], at);
      check.actionId(element, at);
      options(check, element, 'options', at, { min: 1, max: 5, urls: true }, true);
      return confirm(check, element, at);
    case 'image':
      return image(check, element, at);
    default:
      return check.actionId(element, at);
  }
}

/** An element of a `context` block: an image or a text object. */
export function validateContextElement(check: BlockCheck, element: unknown, at: string): void {
  if (!isRecord(element)) return check.fail('must provide an object', at);
  if (element.type === 'image') return image(check, element, at);
  if (element.type === 'plain_text' || element.type === 'mrkdwn') {
    return check.textObject(element, at, { max: 3000, alternatives: true });
  }
  check.fail(`unsupported type: ${String(element.type)}`, `${at}/type`);
}

function button(check: BlockCheck, element: Record<string, unknown>, at: string): void {
  check.props(element, ['type', 'text', 'action_id', 'url', 'value', 'style', 'confirm', 'accessibility_label'], at);
  check.text(element, 'text', at, { max: 75, plainOnly: true, required: true });
  check.actionId(element, at);
  check.string(element, 'url', at, { max: 3000 });
  check.string(element, 'value', at, { max: 2000 });
  check.string(element, 'accessibility_label', at, { max: 75 });
  check.enumValue(element, 'style', ['primary', 'danger'], at);
  confirm(check, element, at);
}

function staticSelect(check: BlockCheck, element: Record<string, unknown>, at: string): void {
  check.props(element, ['type', 'action_id', 'options', 'option_groups', 'initial_option', 'confirm', 'focus_on_load', 'placeholder'], at);
  check.actionId(element, at);
  check.text(element, 'placeholder', at, { max: 150, plainOnly: true });
  const all: Record<string, unknown>[] = [];
  if (element.options !== undefined && element.option_groups !== undefined) {
    check.fail('must provide either `options` or `option_groups`, not both', at);
  }
  if (element.option_groups !== undefined) {
    check.array(element, 'option_groups', at, { min: 1, max: 100 }).forEach((group, i) => {
      const gat = `${at}/option_groups/${i}`;
      if (!isRecord(group)) return check.fail('must provide an object', gat);
      check.props(group, ['label', 'options'], gat);
      check.text(group, 'label', gat, { max: 75, plainOnly: true, required: true });
      all.push(...options(check, group, 'options', gat, { min: 1, max: 100 }, true));
    });
  } else {
    all.push(...options(check, element, 'options', at, { min: 1, max: 100 }, true));
  }
  const initial = element.initial_option;
  if (initial !== undefined && option(check, initial, `${at}/initial_option`, false)) {
    const same = (o: Record<string, unknown>) => o.value === initial.value && textOf(o) === textOf(initial);
    if (!all.some(same)) check.fail('must match one of the provided options', `${at}/initial_option`);
  }
  confirm(check, element, at);
}

/** Checks a list of option objects and returns the well-formed ones. */
function options(
  check: BlockCheck,
  parent: Record<string, unknown>,
  key: string,
  at: string,
  rule: { min?: number; max: number; urls?: boolean },
  required: boolean,
): Record<string, unknown>[] {
  const list = check.array(parent, key, at, { ...rule, required });
  return list.filter((o, i): o is Record<string, unknown> => option(check, o, `${at}/${key}/${i}`, rule.urls ?? false));
}

function option(check: BlockCheck, value: unknown, at: string, urls: boolean): value is Record<string, unknown> {
  if (!isRecord(value)) {
    check.fail('must provide an object', at);
    return false;
  }
  const before = check.errors.length;
  check.props(value, urls ? ['text', 'value', 'description', 'url'] : ['text', 'value', 'description'], at);
  check.text(value, 'text', at, { max: 75, plainOnly: true, required: true });
  check.string(value, 'value', at, { max: 150, required: true });
  check.text(value, 'description', at, { max: 75, plainOnly: true });
  if (urls) check.string(value, 'url', at, { max: 3000 });
  return check.errors.length === before;
}

function confirm(check: BlockCheck, element: Record<string, unknown>, at: string): void {
  const value = element.confirm;
  if (value === undefined) return;
  const cat = `${at}/confirm`;
  if (!isRecord(value)) return check.fail('must provide an object', cat);
  check.props(value, ['title', 'text', 'confirm', 'deny', 'style'], cat);
  check.text(value, 'title', cat, { max: 100, plainOnly: true, required: true });
  check.text(value, 'text', cat, { max: 300, required: true });
  check.text(value, 'confirm', cat, { max: 30, plainOnly: true, required: true });
  check.text(value, 'deny', cat, { max: 30, plainOnly: true, required: true });
  check.enumValue(value, 'style', ['primary', 'danger'], cat);
}

function image(check: BlockCheck, element: Record<string, unknown>, at: string): void {
  check.props(element, ['type', 'image_url', 'alt_text', 'slack_file'], at);
  check.string(element, 'image_url', at, { max: 3000, required: element.slack_file === undefined });
  check.string(element, 'alt_text', at, { max: 2000, required: true });
}

export function textOf(option: Record<string, unknown> | undefined): unknown {
  const text = option?.text;
  return isRecord(text) ? text.text : undefined;
}

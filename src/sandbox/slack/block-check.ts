import { isRecord } from './is-record.js';

interface StringRule {
  max: number;
  required?: boolean;
}

interface TextRule extends StringRule {
  /** Buttons, headers, options and placeholders take `plain_text` only. */
  plainOnly?: boolean;
  /** Where Slack's schema offers alternatives it also reports `failed to match all allowed schemas`. */
  alternatives?: boolean;
}

/**
 * Collects Block Kit problems worded as Slack words them
 * (`must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]`).
 */
export class BlockCheck {
  readonly errors: string[] = [];
  private readonly actionIds = new Set<string>();
  private readonly blockIds = new Set<string>();

  fail(message: string, pointer: string): void {
    this.errors.push(`${message} [json-pointer:${pointer}]`);
  }

  /** Slack's schemas are closed: an unknown property fails the whole message. */
  props(value: Record<string, unknown>, allowed: readonly string[], pointer: string): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(`invalid additional property: ${key}`, pointer);
    }
  }

  string(parent: Record<string, unknown>, key: string, pointer: string, rule: StringRule): void {
    const value = parent[key];
    if (value === undefined || value === null) {
      if (rule.required) this.fail(`missing required field: ${key}`, pointer);
      return;
    }
    const at = `${pointer}/${key}`;
    if (typeof value !== 'string') return this.fail('must be a string', at);
    if (value.length === 0) return this.fail('must be more than 0 characters', at);
    if (value.length > rule.max) this.fail(`must be less than ${rule.max + 1} characters`, at);
  }

  enumValue(parent: Record<string, unknown>, key: string, allowed: readonly string[], pointer: string): void {
    const value = parent[key];
    if (value !== undefined && !allowed.includes(value as string)) {
      this.fail('must be a valid enum value', `${pointer}/${key}`);
    }
  }

  text(parent: Record<string, unknown>, key: string, pointer: string, rule: TextRule): void {
    const value = parent[key];
    if (value === undefined || value === null) {
      if (rule.required) this.fail(`missing required field: ${key}`, pointer);
      return;
    }
    this.textObject(value, `${pointer}/${key}`, rule);
  }

  textObject(value: unknown, at: string, rule: TextRule): void {
    if (!isRecord(value)) return this.fail('must provide an object', at);
    const before = this.errors.length;
    const types = rule.plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
    if (typeof value.type !== 'string') this.fail('missing required field: type', at);
    else if (!types.includes(value.type)) this.fail('must be a valid enum value', `${at}/type`);
    this.props(value, value.type === 'mrkdwn' ? ['type', 'text', 'verbatim'] : ['type', 'text', 'emoji'], at);
    this.string(value, 'text', at, { max: rule.max, required: true });
    if (rule.alternatives && this.errors.length > before) {
      this.errors.splice(before, 0, `failed to match all allowed schemas [json-pointer:${at}]`);
    }
  }

  array(parent: Record<string, unknown>, key: string, pointer: string, rule: { min?: number; max: number; required?: boolean }): unknown[] {
    const value = parent[key];
    if (value === undefined || value === null) {
      if (rule.required) this.fail(`missing required field: ${key}`, pointer);
      return [];
    }
    const at = `${pointer}/${key}`;
    if (!Array.isArray(value)) {
      this.fail('must provide an array', at);
      return [];
    }
    if (value.length > rule.max) this.fail(`no more than ${rule.max} items allowed`, at);
    if (value.length < (rule.min ?? 0)) this.fail(`must provide at least ${rule.min} items`, at);
    return value;
  }

  /** `action_id`: ≤ 255 characters and unique within the message. */
  actionId(element: Record<string, unknown>, pointer: string): void {
    this.string(element, 'action_id', pointer, { max: 255 });
    const id = element.action_id;
    if (typeof id !== 'string') return;
    if (this.actionIds.has(id)) this.fail(`\`action_id\` "${id}" already exists`, `${pointer}/action_id`);
    this.actionIds.add(id);
  }

  /** `block_id`: ≤ 255 characters and unique within the message. */
  blockId(block: Record<string, unknown>, pointer: string): void {
    this.string(block, 'block_id', pointer, { max: 255 });
    const id = block.block_id;
    if (typeof id !== 'string') return;
    if (this.blockIds.has(id)) this.fail(`\`block_id\` "${id}" already exists`, `${pointer}/block_id`);
    this.blockIds.add(id);
  }
}

import { randomBytes } from 'node:crypto';
import { isRecord } from './is-record.js';
import type { Block } from './types.js';
import { validateView } from './validate-view.js';

/** What a view shows of the workspace (the workspace itself holds the views: no import back). */
interface Team {
  teamId: string;
  appId: string;
  botId: string;
}

/** A modal open in a user's client. */
export interface OpenView {
  id: string;
  userId: string;
  view: Record<string, unknown>;
  triggerId: string;
}

type Body = Record<string, unknown>;

/**
 * Modals: the triggers interactions hand out and the views opened with them. A trigger is good
 * once and for 3 seconds ("trigger_id expires in 3 seconds", https://docs.slack.dev/surfaces/modals);
 * views.open answers `invalid_trigger_id`, `expired_trigger_id` or `exchanged_trigger_id`
 * otherwise (https://docs.slack.dev/reference/methods/views.open).
 */
export class ModalViews {
  private readonly triggers = new Map<string, { userId: string; issuedAt: number; used: boolean }>();
  private readonly open: OpenView[] = [];

  constructor(
    private readonly ws: Team,
    private readonly ttlMs = 3000,
    private readonly clock: () => number = () => Date.now(),
    /** a modal opened or closed (the sandbox page redraws) */
    private readonly onChange: () => void = () => {},
  ) {}

  /** Records a trigger_id sent to the app in an interaction of `userId`. */
  issue(triggerId: string, userId: string): void {
    this.triggers.set(triggerId, { userId, issuedAt: this.clock(), used: false });
  }

  // https://docs.slack.dev/reference/methods/views.open
  viewsOpen(args: Body): Body {
    const triggerId = typeof args.trigger_id === 'string' ? args.trigger_id : '';
    const trigger = this.triggers.get(triggerId);
    if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
    if (trigger.used) return { ok: false, error: 'exchanged_trigger_id' };
    if (this.clock() - trigger.issuedAt > this.ttlMs) return { ok: false, error: 'expired_trigger_id' };
    const view = readView(args.view);
    if (view === undefined)
      return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] must provide an object [json-pointer:/view]'] } };
    const errors = validateView(view);
    if (errors.length > 0) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } };
    trigger.used = true;
    const opened: OpenView = { id: `V${randomBytes(5).toString('hex').toUpperCase()}`, userId: trigger.userId, view, triggerId };
    this.open.push(opened);
    this.onChange();
    return { ok: true, view: this.apiView(opened, {}) };
  }

  /** The modals open for a user, the newest last. */
  openFor(userId: string): OpenView[] {
    return this.open.filter((v) => v.userId === userId);
  }

  close(id: string): void {
    const i = this.open.findIndex((v) => v.id === id);
    if (i < 0) return;
    this.open.splice(i, 1);
    this.onChange();
  }

  /** The view as Slack shows it to the app: in views.open's answer and in `view_submission` (with the state typed). */
  apiView(v: OpenView, values: Record<string, Record<string, unknown>>): Body {
    return {
      id: v.id,
      team_id: this.ws.teamId,
      type: 'modal',
      blocks: v.view.blocks,
      private_metadata: v.view.private_metadata ?? '',
      callback_id: v.view.callback_id ?? '',
      state: { values },
      hash: `${Math.floor(this.clock() / 1000)}.${randomBytes(4).toString('hex')}`,
      title: v.view.title,
      clear_on_close: v.view.clear_on_close ?? false,
      notify_on_close: v.view.notify_on_close ?? false,
      close: v.view.close ?? null,
      submit: v.view.submit ?? null,
      previous_view_id: null,
      root_view_id: v.id,
      app_id: this.ws.appId,
      external_id: v.view.external_id ?? '',
      app_installed_team_id: this.ws.teamId,
      bot_id: this.ws.botId,
    };
  }

  /** What the person typed, as `view.state.values` reports it: every input block's plain_text_input, by block_id and action_id. */
  stateOf(v: OpenView, typed: Record<string, string>): Record<string, Record<string, unknown>> {
    const values: Record<string, Record<string, unknown>> = {};
    for (const block of (v.view.blocks as Block[] | undefined) ?? []) {
      if (block.type !== 'input' || !isRecord(block.element) || typeof block.block_id !== 'string') continue;
      const element = block.element;
      if (element.type !== 'plain_text_input') continue;
      values[block.block_id] = { [String(element.action_id)]: { type: 'plain_text_input', value: typed[block.block_id] ?? null } };
    }
    return values;
  }
}

/** views.open takes the view as JSON text (form-encoded) or as an object (a JSON body). */
function readView(value: unknown): Record<string, unknown> | undefined {
  if (isRecord(value)) return value;
  if (typeof value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

import { buildBlockActionsPayload, buildSlashCommandPayload, buildViewSubmissionPayload } from './build-payloads.js';
import { findActionElement, interactiveElements, type FoundElement } from './find-action-element.js';
import { isRecord } from './is-record.js';
import { readMessageArgs } from './read-message-args.js';
import type { ResponseUrls } from './response-urls.js';
import type { SocketModeServer } from './socket-mode-server.js';
import type { Block, EnvelopeResult, Person } from './types.js';
import { toApiMessage, type Workspace } from './workspace.js';

interface Target {
  channelId: string;
  messageTs: string;
  actionId: string;
  userId: string;
}

/** What a person does in Slack, turned into the envelopes Slack would send the app. */
export class UserActions {
  /** Each user's choices in each message's selects, reset when the message changes. */
  private readonly selections = new Map<string, { version: number; chosen: Map<string, Record<string, unknown>> }>();

  constructor(
    private readonly ws: Workspace,
    private readonly socketMode: SocketModeServer,
    private readonly responseUrls: ResponseUrls,
  ) {}

  async slashCommand(a: { command: string; text: string; userId: string; channelId: string }): Promise<EnvelopeResult> {
    const channel = this.channel(a.channelId);
    const user = this.ensureUser(a.userId);
    const responseUrl = this.responseUrls.issue({ channel: channel.id, userId: user.id });
    const payload = buildSlashCommandPayload({ ws: this.ws, user, channel, responseUrl, command: a.command, text: a.text });
    this.ws.views.issue(payload.trigger_id!, user.id);
    const result = await this.socketMode.send('slash_commands', payload);
    if (result.acked && isRecord(result.ackPayload)) this.showAckPayload(result, result.ackPayload, channel.id, user.id);
    return result;
  }

  async clickButton(a: Target & { value?: string }): Promise<EnvelopeResult> {
    const seen = this.locate(a);
    if (seen.found.element.type !== 'button') {
      throw new Error(`"${a.actionId}" in message ${a.messageTs} is a ${String(seen.found.element.type)}, not a button`);
    }
    if (a.value !== undefined && seen.found.element.value !== a.value) {
      throw new Error(`button "${a.actionId}" has value ${JSON.stringify(seen.found.element.value)}, not ${JSON.stringify(a.value)}`);
    }
    return this.act(a, seen);
  }

  async selectOption(a: Target & { value: string }): Promise<EnvelopeResult> {
    const seen = this.locate(a);
    const { element } = seen.found;
    if (element.type !== 'static_select' && element.type !== 'overflow') {
      throw new Error(`"${a.actionId}" in message ${a.messageTs} is a ${String(element.type)}, not a static_select or overflow`);
    }
    const options = allOptions(element);
    const option = options.find((o) => o.value === a.value);
    if (!option) {
      throw new Error(
        `"${a.actionId}" has no option with value ${JSON.stringify(a.value)}; it offers ${options.map((o) => JSON.stringify(o.value)).join(', ')}`,
      );
    }
    const selected = { text: option.text, value: option.value };
    if (element.type === 'static_select') seen.chosen.set(a.actionId, selected);
    return this.act(a, seen, selected);
  }

  /** Someone who types or clicks exists in the workspace, even if the test did not list them. */
  ensureUser(id: string): Person {
    let user = this.ws.users.get(id);
    if (!user) {
      user = { id, name: id.toLowerCase() };
      this.ws.users.set(id, user);
    }
    return user;
  }

  private act(a: Target, seen: Seen, selectedOption?: Record<string, unknown>): Promise<EnvelopeResult> {
    const channel = this.channel(a.channelId);
    const user = this.ensureUser(a.userId);
    const responseUrl = this.responseUrls.issue({
      channel: channel.id,
      userId: user.id,
      original: { ts: a.messageTs, ephemeral: seen.ephemeral },
    });
    const payload = buildBlockActionsPayload({
      ws: this.ws,
      user,
      channel,
      responseUrl,
      found: seen.found,
      ...(selectedOption ? { selectedOption } : {}),
      container: { messageTs: a.messageTs, isEphemeral: seen.ephemeral, ...(seen.threadTs ? { threadTs: seen.threadTs } : {}) },
      ...(seen.message ? { message: seen.message } : {}),
      blocks: seen.blocks,
      selections: seen.chosen,
    });
    this.ws.views.issue(String(payload.trigger_id), user.id);
    return this.socketMode.send('interactive', payload);
  }

  /**
   * The person submits the modal open in front of them, having typed `values` (by input
   * block_id). An ack with `response_action: "errors"` leaves it open, as Slack shows the
   * errors under the inputs; any other ack closes it.
   */
  async submitView(a: { userId: string; values: Record<string, string> }): Promise<EnvelopeResult> {
    const open = this.ws.views.openFor(a.userId).at(-1);
    if (!open) throw new Error(`No modal is open for ${a.userId}: the app must open one with views.open first.`);
    const user = this.ensureUser(a.userId);
    const payload = buildViewSubmissionPayload({ ws: this.ws, user, view: this.ws.views.apiView(open, this.ws.views.stateOf(open, a.values)) });
    this.ws.views.issue(String(payload.trigger_id), user.id);
    const result = await this.socketMode.send('interactive', payload, { acceptsResponsePayload: true });
    const ack = result.ackPayload;
    if (result.acked && !(isRecord(ack) && ack.response_action === 'errors')) this.ws.views.close(open.id);
    return result;
  }

  /** The message as this user sees it, and the element they act on; throws if either is absent. */
  private locate(a: Target): Seen {
    this.channel(a.channelId);
    const stored = this.ws.store.message(a.channelId, a.messageTs);
    const ephemeral = stored ? undefined : this.ws.store.ephemeral(a.messageTs);
    if (!stored && !(ephemeral && ephemeral.channel === a.channelId && ephemeral.userId === a.userId)) {
      throw new Error(`No message ${a.messageTs} in ${a.channelId} visible to ${a.userId}: a user can only click what the bot posted.`);
    }
    const blocks = stored?.blocks ?? ephemeral?.blocks;
    const found = findActionElement(blocks, a.actionId);
    if (!found) {
      const present = interactiveElements(blocks).map((f) => String(f.element.action_id));
      throw new Error(`Message ${a.messageTs} has no element with action_id "${a.actionId}" (it has: ${present.join(', ') || 'none'}).`);
    }
    const version = stored?.versions ?? ephemeral?.versions ?? 1;
    const key = `${a.channelId}/${a.messageTs}/${a.userId}`;
    let entry = this.selections.get(key);
    if (!entry || entry.version !== version) {
      entry = { version, chosen: new Map() };
      this.selections.set(key, entry);
    }
    return {
      found,
      blocks,
      ephemeral: !stored,
      chosen: entry.chosen,
      ...(stored ? { message: toApiMessage(this.ws, stored) } : {}),
      ...(stored?.threadTs !== undefined && stored.threadTs !== stored.ts ? { threadTs: stored.threadTs } : {}),
    };
  }

  /** Slack shows a command's ack payload to the user (or the channel with `response_type: in_channel`). */
  private showAckPayload(result: EnvelopeResult, payload: Record<string, unknown>, channel: string, userId: string): void {
    const content = readMessageArgs(payload, { requireContent: false });
    if (!content.ok) {
      result.ackError = String(content.body.error);
      return;
    }
    if (!content.text && !(content.blocks && content.blocks.length > 0)) return;
    if (payload.response_type === 'in_channel') {
      this.ws.store.post(channel, content, { botId: this.ws.botId, userId: this.ws.botUserId });
    } else {
      this.ws.store.postEphemeral({ channel, userId, text: content.text ?? '', blocks: content.blocks, linkNames: content.linkNames, via: 'ack' });
    }
  }

  private channel(id: string): { id: string; name: string } {
    const channel = this.ws.channels.get(id);
    if (!channel) throw new Error(`Unknown channel ${id}: list it in SlackEmulatorOptions.channels.`);
    return channel;
  }
}

interface Seen {
  found: FoundElement;
  blocks: Block[] | undefined;
  ephemeral: boolean;
  chosen: Map<string, Record<string, unknown>>;
  message?: Record<string, unknown>;
  threadTs?: string;
}

function allOptions(element: Record<string, unknown>): Record<string, unknown>[] {
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((g: unknown) => (isRecord(g) && Array.isArray(g.options) ? g.options : []))
    : [];
  return [...direct, ...grouped].filter(isRecord);
}

import type { KnownBlock, ModalView } from '@slack/types';

/** A message as Slack takes it: a notification fallback `text` and Block Kit `blocks`; a narrator's `Message`, typed. */
export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

// Block Kit is plain JSON; the emulator checks its shape and limits.
export type Block = KnownBlock;

/** The outbox key a message carries as Slack message metadata, so it can be found again. */
export interface SendOptions {
  key?: string;
}

/** What the workflows need of Slack. */
export interface SlackPort {
  postMessage(channel: string, message: SlackMessage, threadTs?: string, o?: SendOptions): Promise<{ ts: string }>;
  updateMessage(channel: string, ts: string, message: SlackMessage, o?: SendOptions): Promise<void>;
  postEphemeral(channel: string, user: string, message: SlackMessage): Promise<void>;
  /** opens a modal for the person who clicked (`trigger_id`, valid 3 seconds, once) */
  openModal(triggerId: string, view: ModalView): Promise<void>;
  usergroupMembers(groupId: string): Promise<string[]>;
  /** The ts of the bot's message carrying `key`, in the channel or (given `threadTs`) the thread; undefined when there is none. */
  findByKey(channel: string, key: string, threadTs?: string): Promise<string | undefined>;
}

/**
 * A Slack call that failed, classified for the outbox: `retryable` when sending again may work
 * (an outage, a rate limit), `maybeSent` when Slack may have posted the message all the same (a
 * 5xx, a timeout, a dropped connection), and how long Slack asked us to wait (`Retry-After`).
 */
export class SlackSendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly maybeSent: boolean,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SlackSendError';
  }
}

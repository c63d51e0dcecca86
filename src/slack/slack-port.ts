/** A message as Slack takes it: a notification fallback `text` and Block Kit `blocks`. */
export interface SlackMessage {
  text: string;
  blocks?: Block[];
}

// Block Kit is plain JSON; the emulator checks its shape and limits.
export type Block = Record<string, unknown>;

/** What the workflows need of Slack. */
export interface SlackPort {
  postMessage(channel: string, message: SlackMessage, threadTs?: string): Promise<{ ts: string }>;
  updateMessage(channel: string, ts: string, message: SlackMessage): Promise<void>;
  postEphemeral(channel: string, user: string, message: SlackMessage): Promise<void>;
  usergroupMembers(groupId: string): Promise<string[]>;
}

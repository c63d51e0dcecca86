/**
 * A message as people will read it, rendered by the narrator (the Slack adapter): a
 * notification fallback `text` and the blocks that show it. Use cases pass it along unopened.
 */
export interface Message {
  text: string;
  blocks?: Record<string, unknown>[];
}

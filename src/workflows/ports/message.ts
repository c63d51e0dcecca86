/**
 * A message as people will read it, rendered by the narrator (the Slack adapter): a
 * notification fallback `text` and the blocks that show it. Use cases pass it along unopened.
 */
export interface Message {
  text: string;
  /** Block Kit, as JSON; only the adapter that renders and sends it knows its shape */
  blocks?: readonly object[];
}

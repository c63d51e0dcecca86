/** Public shapes of the Slack emulator: what it stores and what tests observe. */

export interface SlackEmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** The only bot token accepted; other `xoxb-` tokens get `invalid_auth`. */
  botToken?: string;
  /** The only app-level token accepted, and only by `apps.connections.open`. */
  appToken?: string;
  teamId?: string;
  teamDomain?: string;
  appId?: string;
  botId?: string;
  botUserId?: string;
  botName?: string;
  /** People in the workspace. Someone who types a command or clicks is added if missing. */
  users?: { id: string; name: string }[];
  /** User groups: `S0123` → member ids. */
  usergroups?: Record<string, string[]>;
  /** Channels the bot is in; anything else is `channel_not_found`. */
  channels?: { id: string; name: string }[];
  /** How long a trigger_id may open a modal (Slack: 3 s). */
  triggerTtlMs?: number;
  /** How long a response_url takes answers (Slack: 30 minutes); later ones are refused with `expired_url`. */
  responseUrlTtlMs?: number;
  /** An envelope not acked within this many ms is recorded as timed out (Slack: 3 s). */
  ackTimeoutMs?: number;
  /** Interval of WebSocket pings sent to the client (the client drops after 30 s without one). */
  pingIntervalMs?: number;
  /** Opt-in, sliding one-minute windows per Web API method, answered with 429 like Slack. */
  rateLimits?: Record<string, { perMinute: number }>;
}

export interface EnvelopeResult {
  envelopeId: string;
  acked: boolean;
  /** Time from sending to the ack; updated if a late ack arrives after the timeout. */
  ackMs: number;
  ackPayload?: unknown;
  /** True when the ack did not arrive within `ackTimeoutMs`. */
  timedOut?: boolean;
  /** Why Slack would have refused the ack's payload (e.g. `invalid_blocks`). */
  ackError?: string;
}

export interface EnvelopeRecord extends EnvelopeResult {
  type: 'slash_commands' | 'interactive';
  payload: Record<string, unknown>;
  sentAt: number;
}

export type Block = Record<string, unknown>;

/** Message metadata: https://docs.slack.dev/messaging/message-metadata */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks?: Block[];
  botId?: string;
  userId?: string;
  edited?: { ts: string; user?: string };
  /** 1 when posted, +1 for each update. */
  versions: number;
  /** Special mentions Slack would act on: `<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^S…>`, `<@U…>`. */
  mentions: string[];
  replyCount?: number;
  deleted?: boolean;
  /** Kept out of API answers unless `include_all_metadata` is asked for. */
  metadata?: MessageMetadata;
}

export interface StoredEphemeral {
  channel: string;
  userId: string;
  messageTs: string;
  threadTs?: string;
  text: string;
  blocks?: Block[];
  mentions: string[];
  /** How it got there: an API call, a command's ack, or a response_url. */
  via: 'chat.postEphemeral' | 'ack' | 'response_url';
  versions: number;
}

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  at: number;
}

/** `processed`: the method does its work and the answer is a 5xx all the same, as when Slack fails after posting. */
export type ScriptedFailure = { error: string } | { status: 429; retryAfter: number } | { status: 500 | 503; processed?: boolean };

/** A Web API answer before it is written to the socket. */
export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export type Person = { id: string; name: string };

import type { SlackMessage } from './slack-port.js';

/** One pending message of the outbox, as its sender reads it. */
export interface OutboxRow {
  id: number;
  key: string;
  lane: string;
  kind: 'post' | 'update';
  channel: string;
  refTs: string | null;
  refKey: string | null;
  message: SlackMessage;
  revision: number;
  attempts: number;
  inDoubt: boolean;
  notBefore: string;
  createdAt: string;
}

/** The backlog for /healthz and metrics: pending rows, the age of the oldest, and those Slack refused for good. */
export interface OutboxBacklog {
  pending: number;
  oldestAgeSeconds: number | null;
  failed: number;
}

/**
 * The sending side of the outbox (DESIGN.md §6), as the sender needs it; the owing side is the
 * workflows' `Outbox` port. SQLite (`sqlite-outbox-queue.ts`) and PostgreSQL (`PgOutboxStore`) stand behind it.
 */
export interface OutboxQueue {
  /** every pending row, oldest first */
  pending(): Promise<OutboxRow[]>;
  /** The ts of a sent row, or its fate: still pending, or failed for good. */
  refOf(key: string): Promise<{ ts: string } | { pending: true } | { failed: true }>;
  /** Written before each call to Slack: if no answer is ever recorded, the next attempt looks before it sends. */
  beginAttempt(id: number): Promise<void>;
  /** Sent: the ts is recorded where it belongs. An update whose content changed meanwhile stays pending, to send the newer one. */
  markSent(id: number, revision: number, ts: string): Promise<void>;
  /** Not sent this time; `inDoubt` when Slack may have posted it all the same. */
  retryLater(id: number, notBefore: Date, error: string, inDoubt: boolean): Promise<void>;
  /** Slack refused it for a reason sending again cannot fix; kept, with the reason, for the operator. */
  markFailed(id: number, error: string): Promise<void>;
  backlog(): Promise<OutboxBacklog>;
}

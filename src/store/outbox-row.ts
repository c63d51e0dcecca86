import type { OutboxRow } from '../slack/outbox-queue.js';
import type { SlackMessage } from '../slack/slack-port.js';
import type { TsRecord } from '../workflows/ports/outbox.js';

/** An outbox row as both databases return it (`SELECT *`: the same columns, JSON as text, booleans as 0/1). */
export interface OutboxTableRow {
  id: number;
  key: string;
  lane: string;
  kind: 'post' | 'update';
  channel: string;
  ref_ts: string | null;
  ref_key: string | null;
  message: string;
  records: string | null;
  status: string;
  revision: number;
  attempts: number;
  in_doubt: number;
  not_before: string;
  ts: string | null;
  created_at: string;
}

export const toOutboxRow = (r: OutboxTableRow): OutboxRow => ({
  id: r.id,
  key: r.key,
  lane: r.lane,
  kind: r.kind,
  channel: r.channel,
  refTs: r.ref_ts,
  refKey: r.ref_key,
  message: JSON.parse(r.message) as SlackMessage,
  revision: r.revision,
  attempts: r.attempts,
  inDoubt: r.in_doubt === 1,
  notBefore: r.not_before,
  createdAt: r.created_at,
});

/**
 * Where a sent message's ts is recorded (`?` the ts, `?` the row's id); the first ts stays.
 * Table names cannot be bound as parameters; these are the only ones.
 */
export const RECORD_TS_SQL: Record<TsRecord['table'], string> = {
  releases: 'UPDATE releases SET message_ts = ? WHERE id = ? AND message_ts IS NULL',
  batches: 'UPDATE batches SET message_ts = ? WHERE id = ? AND message_ts IS NULL',
  rollouts: 'UPDATE rollouts SET thread_ts = ? WHERE id = ? AND thread_ts IS NULL',
};

import type { Approval, ApprovalPolicy } from '../domain/approval-policy.js';
import type { Batch, BatchStatus, LeftOut } from '../domain/batch.js';
import type { Bump } from '../domain/bump.js';
import type { NewBatch } from '../workflows/ports/batch-records.js';

/** A row of `batches` as the database hands it back. */
export interface BatchRow {
  id: number;
  status: BatchStatus;
  forced_bump: Bump | null;
  left_out: string;
  channel: string;
  message_ts: string | null;
  trigger: Batch['trigger'];
  requested_by: string | null;
  approved_by: string | null;
  card_page: number;
  policy: string | null;
  created_at: string;
  updated_at: string;
}

/** A train with the approvals that count (not voided), oldest first. */
export const toBatch = (r: BatchRow, approvals: Approval[]): Batch => ({
  id: r.id,
  status: r.status,
  forcedBump: r.forced_bump,
  leftOut: JSON.parse(r.left_out) as LeftOut[],
  channel: r.channel,
  messageTs: r.message_ts,
  trigger: r.trigger,
  requestedBy: r.requested_by,
  policy: r.policy === null ? null : (JSON.parse(r.policy) as ApprovalPolicy),
  approvals,
  approvedBy: r.approved_by,
  cardPage: r.card_page,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The columns a new train is inserted with, by name, JSON columns serialised (status and timestamps are the store's). */
export function newBatchColumns(b: NewBatch): Record<string, string | number | null> {
  return {
    forced_bump: b.forcedBump,
    left_out: JSON.stringify(b.leftOut),
    channel: b.channel,
    trigger: b.trigger,
    requested_by: b.requestedBy,
    delivery_id: b.deliveryId ?? null,
    policy: b.policy ? JSON.stringify(b.policy) : null,
  };
}

import type { Approval, ApprovalPolicy } from './approval-policy.js';
import type { Bump } from './bump.js';

/**
 * A release train (DESIGN.md §5):  proposed ─approve─▶ running ─▶ done   (cancelled)
 * A done train whose failed connectors are retried runs again.
 */
export type BatchStatus = 'proposed' | 'running' | 'done' | 'cancelled';

/** The release-train machine (DESIGN.md §5): proposed → running → done, Retry failed takes a done train back to running. */
const BATCH_MOVES: Readonly<Record<BatchStatus, readonly BatchStatus[]>> = {
  proposed: ['running', 'cancelled'],
  running: ['done'],
  done: ['running'],
  cancelled: [],
};

export function canBatchMove(from: BatchStatus, to: BatchStatus): boolean {
  return BATCH_MOVES[from].includes(to);
}

export type LeftOutReason = 'up-to-date' | 'archived' | 'excluded' | 'empty' | 'no-release-needed' | 'not-higher' | 'tag-exists' | 'leaves-line';

export interface LeftOut {
  repo: string;
  reason: LeftOutReason;
}

export interface Batch {
  id: number;
  status: BatchStatus;
  forcedBump: Bump | null;
  leftOut: LeftOut[];
  channel: string;
  messageTs: string | null;
  trigger: 'command' | 'push';
  requestedBy: string | null;
  /** its connectors' approval rules (`policies:`), pinned when it was proposed; null: one approval */
  policy: ApprovalPolicy | null;
  /** the approvals of the whole train so far, oldest first */
  approvals: Approval[];
  approvedBy: string | null;
  /** the page of connectors its card shows (anyone may turn it; it changes nothing else) */
  cardPage: number;
  createdAt: string;
  updatedAt: string;
}

export const LEFT_OUT_LABEL: Record<LeftOutReason, string> = {
  'up-to-date': 'up to date',
  archived: 'archived',
  excluded: 'excluded',
  empty: 'empty repository',
  'no-release-needed': 'no commit calls for a release',
  'not-higher': 'next version not higher',
  'tag-exists': 'next tag already taken elsewhere',
  'leaves-line': 'would leave its maintenance line',
};

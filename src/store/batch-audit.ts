import type { Batch, BatchStatus } from '../domain/batch.js';
import type { AuditEntry } from '../workflows/ports/audit-trail.js';
import type { NewBatch } from '../workflows/ports/batch-records.js';
import { approvalsReset } from './approval-audit.js';

// The audit entries of a release train's moves, and the reasons the stores give its members, built once for both stores.

/** Who proposes a train that names no one: the push. */
export const trainProposer = (b: NewBatch): string => b.requestedBy ?? 'github';

export const TRAIN_REASONS = {
  cancelled: 'cancelled in Slack',
  memberCancelled: 'release train cancelled',
  done: 'every connector at rest',
  memberRetried: 'retried with the release train',
  retried: (count: number) => `retry of ${count} failed connectors`,
  /** a member that could not start with the train */
  memberBusy: (repo: string, inFlightTag: string) => `another release of ${repo} (${inFlightTag}) was in flight`,
};

export function batchProposed(id: number, b: NewBatch, members: number): AuditEntry {
  return {
    actor: trainProposer(b),
    subjectType: 'batch',
    subjectId: String(id),
    action: 'propose',
    fromStatus: null,
    toStatus: 'proposed',
    reason: `${members} connectors, ${b.leftOut.length} left out`,
  };
}

/** `why`: what changed the train; `voided`: how many approvals that reset (more than none). */
export function batchApprovalsReset(id: number, user: string, why: string, voided: number): AuditEntry {
  return {
    actor: user,
    subjectType: 'batch',
    subjectId: String(id),
    action: 'reset-approvals',
    fromStatus: 'proposed',
    toStatus: 'proposed',
    reason: `${why}${approvalsReset(voided)}`,
  };
}

export function batchMoved(batch: Batch, to: BatchStatus, actor: string, reason: string): AuditEntry {
  return { actor, subjectType: 'batch', subjectId: String(batch.id), action: to, fromStatus: batch.status, toStatus: to, reason };
}

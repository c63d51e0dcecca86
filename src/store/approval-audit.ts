import type { tallyApprovals } from '../domain/approval-policy.js';
import type { AuditEntry } from '../workflows/ports/audit-trail.js';

// Approvals of a release or of a whole train, told the same way by every store.

type Tally = ReturnType<typeof tallyApprovals>;

const counted = (t: Tally) => `${t.count} of ${t.required} approvals`;

/** An approval that does not complete the count yet. */
export function approvalCounted(subjectType: 'release' | 'batch', id: number, user: string, tally: Tally): AuditEntry {
  return { actor: user, subjectType, subjectId: String(id), action: 'approve', fromStatus: 'proposed', toStatus: 'proposed', reason: counted(tally) };
}

/** Why the approval that completes the count moves it on. */
export function approvedReason(tally: Tally): string {
  return tally.required > 1 ? `approved in Slack (${counted(tally)}: ${tally.users.join(', ')})` : 'approved in Slack';
}

/** `; 2 approvals reset`, after what voided them. */
export function approvalsReset(voided: number): string {
  return `; ${voided} approval${voided === 1 ? '' : 's'} reset`;
}

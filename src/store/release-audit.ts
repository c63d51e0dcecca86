import type { Bump } from '../domain/bump.js';
import type { Gate } from '../domain/bypass.js';
import type { NewRelease, Release, ReleaseChecks } from '../domain/release.js';
import type { ReleaseStatus } from '../domain/release-status.js';
import type { AuditEntry } from '../workflows/ports/audit-trail.js';
import { approvalsReset } from './approval-audit.js';

// The audit entries of a release's moves, and the reasons the stores give, built once for both stores.

export const RELEASE_REASONS = {
  /** an open proposal cancelled because a newer one of the repo was made */
  superseded: 'superseded by a newer proposal',
  retried: 'retried in Slack',
};

export function releaseProposed(id: number, input: NewRelease, actor: string): AuditEntry {
  return {
    actor,
    subjectType: 'release',
    subjectId: String(id),
    action: 'propose',
    fromStatus: null,
    toStatus: 'proposed',
    reason: `${input.tag} for ${input.sha.slice(0, 7)}`,
  };
}

export function releaseMoved(release: Release, to: ReleaseStatus, actor: string, reason: string): AuditEntry {
  return { actor, subjectType: 'release', subjectId: String(release.id), action: to, fromStatus: release.status, toStatus: to, reason };
}

/** The audit keeps the gate's first reading and each change after it: a poll that finds the same is not audited. */
export function checksChanged(before: ReleaseChecks | null, checks: ReleaseChecks): boolean {
  return !before || before.source !== checks.source || before.verdict !== checks.verdict || JSON.stringify(before.summary) !== JSON.stringify(checks.summary);
}

export function releaseChecksRead(release: Release, checks: ReleaseChecks, actor: string, reason: string): AuditEntry {
  return {
    actor,
    subjectType: 'release',
    subjectId: String(release.id),
    action: `checks-${checks.verdict}`,
    fromStatus: release.status,
    toStatus: release.status,
    reason,
  };
}

export function releaseBypassed(release: Release, b: { by: string; reason: string; what: Gate[] }): AuditEntry {
  return {
    actor: b.by,
    subjectType: 'release',
    subjectId: String(release.id),
    action: 'break-glass',
    fromStatus: release.status,
    toStatus: release.status,
    reason: `bypassed ${b.what.join(' and ')}: ${b.reason}`,
  };
}

/** `voided`: how many approvals of the old version the change reset. */
export function releaseBumpChanged(release: Release, user: string, change: { bump: Bump; tag: string }, voided: number): AuditEntry {
  return {
    actor: user,
    subjectType: 'release',
    subjectId: String(release.id),
    action: 'change-bump',
    fromStatus: 'proposed',
    toStatus: 'proposed',
    reason: `${release.bump} → ${change.bump} (${change.tag})${voided > 0 ? approvalsReset(voided) : ''}`,
  };
}

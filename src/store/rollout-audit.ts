// The audit entries of a rollout's moves, built once for both stores.

import type { NewRollout, Rollout } from '../domain/rollout-model.js';
import type { RolloutStatus } from '../domain/rollout-status.js';
import type { AuditEntry } from '../workflows/ports/audit-trail.js';
import type { DeployOutcome } from '../workflows/ports/rollout-records.js';

/** Why the bot starts a build that waited for the one before it. */
export const NEXT_QUEUED_REASON = 'automatic rollout, after the one before it';

export function rolloutRecorded(id: number, input: NewRollout, status: RolloutStatus, o: { actor: string; reason: string; startBy?: string }): AuditEntry {
  return {
    actor: o.actor,
    subjectType: 'rollout',
    subjectId: String(id),
    action: status === 'held' ? 'hold' : input.kind === 'rollback' ? 'rollback' : o.startBy ? 'deploy' : 'receive',
    fromStatus: null,
    toStatus: status,
    reason: o.reason,
  };
}

export function rolloutStarted(rollout: Rollout, actor: string, reason: string): AuditEntry {
  return { actor, subjectType: 'rollout', subjectId: String(rollout.id), action: 'deploying', fromStatus: rollout.status, toStatus: 'deploying', reason };
}

export function rolloutFinished(id: number, outcome: DeployOutcome): AuditEntry {
  return {
    actor: 'bot',
    subjectType: 'rollout',
    subjectId: String(id),
    action: outcome.kind,
    fromStatus: 'deploying',
    toStatus: outcome.kind,
    reason: outcome.kind === 'deployed' ? outcome.result : outcome.error,
  };
}

/** `replaced` moved to rolled_back because `rollback` was deployed. */
export function rolloutRolledBack(replaced: Rollout, rollback: Rollout): AuditEntry {
  return {
    actor: rollback.requestedBy ?? 'bot',
    subjectType: 'rollout',
    subjectId: String(replaced.id),
    action: 'rolled_back',
    fromStatus: 'deployed',
    toStatus: 'rolled_back',
    reason: `rolled back to ${rollback.image} by rollout ${rollback.id}`,
  };
}

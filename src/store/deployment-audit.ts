// The audit entries of a rollout's GitHub deployment, built once for both stores.

import type { AuditEntry } from '../workflows/ports/audit-trail.js';
import type { DeploymentState } from '../workflows/ports/github-deployments.js';
import type { RolloutDeployment } from '../workflows/ports/rollout-deployment-records.js';

function entry(rolloutId: number, action: string, fromStatus: string | null, toStatus: string | null, reason: string): AuditEntry {
  return { actor: 'bot', subjectType: 'deployment', subjectId: String(rolloutId), action, fromStatus, toStatus, reason };
}

export function deploymentCreated(rolloutId: number, deploymentId: number, reason: string): AuditEntry {
  return entry(rolloutId, 'deployment-created', null, null, `${reason}: deployment ${deploymentId}`);
}

/** `before`: the deployment as it was before this state replaced its own. */
export function deploymentStateSet(rolloutId: number, before: RolloutDeployment | undefined, state: DeploymentState, reason: string): AuditEntry {
  return entry(rolloutId, `deployment-${state}`, before?.state ?? null, state, `deployment ${before?.deploymentId}: ${reason}`);
}

export function deploymentAbandoned(rolloutId: number, error: string): AuditEntry {
  return entry(rolloutId, 'deployment-abandoned', null, null, error);
}

import type { AuditLog } from './audit-log.js';
import { deploymentAbandoned, deploymentCreated, deploymentStateSet } from './deployment-audit.js';
import type { Db } from './open-database.js';
import type { DeploymentState } from '../workflows/ports/github-deployments.js';
import type { RolloutDeployment } from '../workflows/ports/rollout-deployment-records.js';

interface Row {
  id: number;
  connector_id: string;
  deployment_id: number | null;
  deployment_state: DeploymentState | null;
  deployment_error: string | null;
}

const toDeployment = (r: Row): RolloutDeployment => ({
  rolloutId: r.id,
  connectorId: r.connector_id,
  deploymentId: r.deployment_id,
  state: r.deployment_state,
  error: r.deployment_error,
});

const COLUMNS = 'id, connector_id, deployment_id, deployment_state, deployment_error';

/**
 * The GitHub deployment columns of the rollouts table; every change audited in its transaction.
 * They leave `updated_at` alone: that is when the rollout itself last moved (the insights read it).
 */
export class RolloutDeploymentStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  get(rolloutId: number): RolloutDeployment | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM rollouts WHERE id = ?`).get(rolloutId) as Row | undefined;
    return row && toDeployment(row);
  }

  setId(rolloutId: number, deploymentId: number, reason: string): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE rollouts SET deployment_id = ? WHERE id = ?').run(deploymentId, rolloutId);
      this.audit.append(deploymentCreated(rolloutId, deploymentId, reason));
    })();
  }

  setState(rolloutId: number, state: DeploymentState, reason: string): void {
    this.db.transaction(() => {
      const before = this.get(rolloutId);
      this.db.prepare('UPDATE rollouts SET deployment_state = ? WHERE id = ?').run(state, rolloutId);
      this.audit.append(deploymentStateSet(rolloutId, before, state, reason));
    })();
  }

  setError(rolloutId: number, error: string): boolean {
    return this.db.transaction(() => {
      const info = this.db.prepare('UPDATE rollouts SET deployment_error = ? WHERE id = ? AND deployment_error IS NULL').run(error, rolloutId);
      if (info.changes === 0) return false;
      this.audit.append(deploymentAbandoned(rolloutId, error));
      return true;
    })();
  }

  active(connectorId: string, exceptRolloutId: number): RolloutDeployment[] {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM rollouts WHERE connector_id = ? AND id != ? AND deployment_id IS NOT NULL AND deployment_state = 'success' ORDER BY id`)
      .all(connectorId, exceptRolloutId) as Row[];
    return rows.map(toDeployment);
  }
}

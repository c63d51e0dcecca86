import type { DeploymentState } from '../../workflows/ports/github-deployments.js';
import type { RolloutDeployment, RolloutDeploymentRecords } from '../../workflows/ports/rollout-deployment-records.js';
import { deploymentAbandoned, deploymentCreated, deploymentStateSet } from '../deployment-audit.js';
import { PgAuditLog } from './pg-audit-log.js';
import type { PgSql } from './pg-sql.js';

const COLUMNS = 'id AS "rolloutId", connector_id AS "connectorId", deployment_id AS "deploymentId", deployment_state AS state, deployment_error AS error';

/**
 * The GitHub deployment columns of the rollouts table on PostgreSQL; every change audited in its
 * transaction. They leave `updated_at` alone: that is when the rollout itself last moved.
 */
export class PgRolloutDeploymentStore implements RolloutDeploymentRecords {
  constructor(
    private readonly sql: PgSql,
    private readonly now: () => Date,
  ) {}

  get(rolloutId: number): Promise<RolloutDeployment | undefined> {
    return this.sql.get<RolloutDeployment>(`SELECT ${COLUMNS} FROM rollouts WHERE id = ?`, [rolloutId]);
  }

  async setId(rolloutId: number, deploymentId: number, reason: string): Promise<void> {
    await this.sql.atomic(async (sql) => {
      await sql.run('UPDATE rollouts SET deployment_id = ? WHERE id = ?', [deploymentId, rolloutId]);
      await this.audit(sql).append(deploymentCreated(rolloutId, deploymentId, reason));
    });
  }

  async setState(rolloutId: number, state: DeploymentState, reason: string): Promise<void> {
    await this.sql.atomic(async (sql) => {
      // FOR UPDATE: the state audited as "before" is the one this change replaces.
      const before = await sql.get<RolloutDeployment>(`SELECT ${COLUMNS} FROM rollouts WHERE id = ? FOR UPDATE`, [rolloutId]);
      await sql.run('UPDATE rollouts SET deployment_state = ? WHERE id = ?', [state, rolloutId]);
      await this.audit(sql).append(deploymentStateSet(rolloutId, before, state, reason));
    });
  }

  setError(rolloutId: number, error: string): Promise<boolean> {
    return this.sql.atomic(async (sql) => {
      const changed = await sql.run('UPDATE rollouts SET deployment_error = ? WHERE id = ? AND deployment_error IS NULL', [error, rolloutId]);
      if (changed === 0) return false;
      await this.audit(sql).append(deploymentAbandoned(rolloutId, error));
      return true;
    });
  }

  active(connectorId: string, exceptRolloutId: number): Promise<RolloutDeployment[]> {
    return this.sql.all<RolloutDeployment>(
      `SELECT ${COLUMNS} FROM rollouts WHERE connector_id = ? AND id <> ? AND deployment_id IS NOT NULL AND deployment_state = 'success' ORDER BY id`,
      [connectorId, exceptRolloutId],
    );
  }

  private audit(sql: PgSql): PgAuditLog {
    return new PgAuditLog(sql, this.now);
  }
}

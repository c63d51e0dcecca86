import type { DeploymentState } from './github-deployments.js';

/** The GitHub deployment of one rollout, as the bot recorded it. */
export interface RolloutDeployment {
  rolloutId: number;
  connectorId: string;
  /** GitHub's id, once created (or found after a crash) */
  deploymentId: number | null;
  /** the last status the bot set on it */
  state: DeploymentState | null;
  /** why the rollout has no deployment, or no more bookkeeping: told once in its thread */
  error: string | null;
}

/** Each change is audited (`deployment`, the rollout's id) in the transaction that records it. */
export interface RolloutDeploymentRecords {
  get(rolloutId: number): Promise<RolloutDeployment | undefined>;
  setId(rolloutId: number, deploymentId: number, reason: string): Promise<void>;
  setState(rolloutId: number, state: DeploymentState, reason: string): Promise<void>;
  /** false when an error was recorded before (it is told once) */
  setError(rolloutId: number, error: string): Promise<boolean>;
  /** the connector's other rollouts whose deployment the bot last set to `success` */
  active(connectorId: string, exceptRolloutId: number): Promise<RolloutDeployment[]>;
}

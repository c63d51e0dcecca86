import type { ConnectorPin } from './rollout-model.js';
import type { RolloutStatus } from './rollout-status.js';

/** What the bot recorded of one connector's rollouts: what is in production, the last attempt, the pin. */
export interface ConnectorRecord {
  connectorId: string;
  /** the last rollout that is in production now (status deployed) */
  production: { version: string; at: string } | null;
  /** the newest rollout, whatever became of it */
  lastRollout: { version: string; status: RolloutStatus; at: string } | null;
  pin: ConnectorPin | null;
}

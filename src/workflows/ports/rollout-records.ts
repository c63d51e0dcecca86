import type { ConnectorPin, NewRollout, Rollout } from '../../domain/rollout-model.js';
import type { RolloutStatus } from '../../domain/rollout-status.js';

export type RecordOutcome = { kind: 'recorded'; rollout: Rollout } | { kind: 'duplicate'; rollout: Rollout } | { kind: 'busy'; inFlight: Rollout };

export type StartOutcome =
  | { kind: 'started'; rollout: Rollout }
  | { kind: 'busy'; inFlight: Rollout }
  | { kind: 'not-startable'; rollout: Rollout }
  | { kind: 'unknown' };

export type DeployOutcome = { kind: 'deployed'; result: string; attempts: number } | { kind: 'failed'; error: string; attempts: number };

/** Rollouts and connector pins; every move goes through the rollout machine of `src/domain/rollout-status.ts`. */
export interface RolloutRecords {
  get(id: number): Promise<Rollout | undefined>;
  /** the newest rollout told in a release's own thread */
  latestInReleaseThread(releaseId: number): Promise<Rollout | undefined>;
  record(input: NewRollout, o: { buildKey: string | null; actor: string; reason: string; startBy?: string; pin?: string }): Promise<RecordOutcome>;
  start(id: number, actor: string, reason: string, o?: { approvedBy?: string }): Promise<StartOutcome>;
  finish(id: number, outcome: DeployOutcome): Promise<{ rollout: Rollout; rolledBack?: Rollout } | undefined>;
  startNextQueued(connectorId: string): Promise<Rollout | undefined>;
  setReported(id: number, status: RolloutStatus): Promise<void>;
  ofConnector(connectorId: string): Promise<Rollout[]>;
  rolledBackBy(id: number): Promise<Rollout | undefined>;
  unfinished(): Promise<Rollout[]>;
  pinOf(connectorId: string): Promise<ConnectorPin | undefined>;
  unpin(connectorId: string, by: string): Promise<boolean>;
}

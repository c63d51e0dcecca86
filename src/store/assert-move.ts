import { canBatchMove, type BatchStatus } from '../domain/batch.js';
import { canTransition as canReleaseMove, type ReleaseStatus } from '../domain/release-status.js';
import { canTransition as canRolloutMove, type RolloutStatus } from '../domain/rollout-status.js';

// Every store writes a status only along a move its machine allows: a bug, not an outcome, when not.

export function assertReleaseMove(from: ReleaseStatus, to: ReleaseStatus): void {
  if (!canReleaseMove(from, to)) throw new Error(`a release cannot go from ${from} to ${to}`);
}

export function assertRolloutMove(from: RolloutStatus, to: RolloutStatus): void {
  if (!canRolloutMove(from, to)) throw new Error(`a rollout cannot go from ${from} to ${to}`);
}

export function assertBatchMove(from: BatchStatus, to: BatchStatus): void {
  if (!canBatchMove(from, to)) throw new Error(`a release train cannot go from ${from} to ${to}`);
}

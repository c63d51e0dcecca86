/**
 * The state machine of one rollout (DESIGN.md §5):
 *
 *   received ─(approve, or at once)─▶ deploying ─▶ deployed ─(a rollback deployed)─▶ rolled_back
 *      │                                  └──────▶ failed ─(retry)─▶ deploying
 *      └─▶ held (the connector is pinned) ─(/deploy <connector> <version>)─▶ deploying
 *
 * `held` is a build recorded and announced but not deployed, because its connector is pinned.
 */
export type RolloutStatus = 'received' | 'held' | 'deploying' | 'deployed' | 'failed' | 'rolled_back';

const TRANSITIONS: Readonly<Record<RolloutStatus, readonly RolloutStatus[]>> = {
  received: ['deploying'],
  held: ['deploying'],
  deploying: ['deployed', 'failed'],
  deployed: ['rolled_back'],
  failed: ['deploying'],
  rolled_back: [],
};

export function canTransition(from: RolloutStatus, to: RolloutStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses from which a person may start a rollout: approve, retry, or deploy a held build. */
export const STARTABLE: readonly RolloutStatus[] = ['received', 'held', 'failed'];

export function isStartable(s: RolloutStatus): boolean {
  return STARTABLE.includes(s);
}

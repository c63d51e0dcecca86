import type { Rollout } from './rollout-model.js';

export type RollbackTarget = { kind: 'ok'; current: Rollout; previous: Rollout } | { kind: 'nothing-deployed' } | { kind: 'no-previous'; current: Rollout };

/**
 * What `/deploy <connector> rollback` goes back to: the image deployed before the current one.
 * The current one is the last rollout that finished deployed; the previous is the last one
 * before it that finished deployed with another image. Rolled-back rollouts no longer count,
 * so a second rollback steps one image further back.
 */
export function rollbackTarget(rollouts: readonly Rollout[]): RollbackTarget {
  const deployed = rollouts
    .filter((r) => r.status === 'deployed' && r.finishedAt !== null)
    .sort((a, b) => (a.finishedAt! === b.finishedAt! ? b.id - a.id : a.finishedAt! < b.finishedAt! ? 1 : -1));
  const current = deployed[0];
  if (!current) return { kind: 'nothing-deployed' };
  const previous = deployed.slice(1).find((r) => r.image !== current.image);
  return previous ? { kind: 'ok', current, previous } : { kind: 'no-previous', current };
}

import type { RolloutKind } from './rollout-model.js';
import type { RolloutStatus } from './rollout-status.js';

/** A release as the stats see it: the times of its steps, ISO 8601 (UTC). */
export interface ReleaseFact {
  id: number;
  repo: string;
  proposedAt: string;
  approvedAt: string | null;
  /** when the GitHub release was published */
  releasedAt: string | null;
  /** the oldest recorded commit date of the release's commits; null when none was recorded (older rows) */
  firstCommitAt: string | null;
  /** the first rollout of this release that reached production */
  rolledOutAt: string | null;
}

/** A rollout as the stats see it. */
export interface RolloutFact {
  id: number;
  connectorId: string;
  kind: RolloutKind;
  status: RolloutStatus;
  receivedAt: string;
  finishedAt: string | null;
}

/** What the bot recorded, as the stats read it. */
export interface InsightHistory {
  releases: readonly ReleaseFact[];
  rollouts: readonly RolloutFact[];
  /** the first record of each repository or connector, however old: "exact since" */
  firsts: readonly { repo: string; at: string }[];
}

/** Which records a figure covers: everything, one repository (its releases and, for a connector, its rollouts), or the connectors. */
export type StatsScope = { kind: 'all' } | { kind: 'repo'; repo: string } | { kind: 'connectors'; prefix: string };

export function inScope(scope: StatsScope, repo: string): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'repo') return repo === scope.repo;
  return repo.startsWith(scope.prefix);
}

/** A rollout that put its image in production (a rolled-back one did, before it was replaced). */
export function reachedProduction(r: Pick<RolloutFact, 'status'>): boolean {
  return r.status === 'deployed' || r.status === 'rolled_back';
}

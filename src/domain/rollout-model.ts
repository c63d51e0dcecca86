import type { RolloutStatus } from './rollout-status.js';

/** A connector image that CI built: what a build notice or a `package` webhook says. */
export interface BuildNotice {
  connectorId: string;
  /** the full image reference, e.g. `ghcr.io/acme/connector-foo:1.4.0` */
  image: string;
  version: string;
}

/** build: from CI or GitHub Packages; manual: `/deploy <connector> <version>`; rollback: `/deploy <connector> rollback`. */
export type RolloutKind = 'build' | 'manual' | 'rollback';
export type RolloutSource = 'build-notice' | 'github-package' | 'slack';

/** A rollout as the store keeps it: which image, where it is told, and how far it got. */
export interface Rollout extends BuildNotice {
  id: number;
  kind: RolloutKind;
  source: RolloutSource;
  status: RolloutStatus;
  /** decided when it was received: `rollout.requireApproval` */
  needsApproval: boolean;
  requestedBy: string | null;
  approvedBy: string | null;
  /** the release the bot made of this version, whose thread tells the rollout */
  releaseId: number | null;
  /** for a rollback: the rollout it replaces */
  rollbackOf: number | null;
  channel: string;
  /** the parent message: the release's, or the rollout's own */
  threadTs: string | null;
  ownMessage: boolean;
  /** the last status told in Slack; behind `status` after a crash */
  reported: RolloutStatus | null;
  /** requests the deployer made in its last call */
  attempts: number;
  /** what the deployer did (a commit, an HTTP answer) */
  result: string | null;
  error: string | null;
  receivedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export type NewRollout = Pick<
  Rollout,
  'connectorId' | 'version' | 'image' | 'kind' | 'source' | 'needsApproval' | 'requestedBy' | 'releaseId' | 'rollbackOf' | 'channel' | 'threadTs' | 'ownMessage'
>;

/** A connector whose automatic rollouts are paused (`/deploy <connector> rollback` pins it). */
export interface ConnectorPin {
  connectorId: string;
  image: string | null;
  version: string | null;
  pinnedBy: string;
  pinnedAt: string;
  reason: string;
}

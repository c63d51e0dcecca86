import type { NewRollout, Rollout } from '../domain/rollout-model.js';
import type { RolloutStatus } from '../domain/rollout-status.js';

/** A row of `rollouts` as SQLite hands it back (the GitHub deployment columns are read by rollout-deployment-store.ts). */
export interface RolloutRow {
  id: number;
  connector_id: string;
  version: string;
  image: string;
  kind: Rollout['kind'];
  source: Rollout['source'];
  build_key: string | null;
  status: RolloutStatus;
  needs_approval: number;
  requested_by: string | null;
  approved_by: string | null;
  release_id: number | null;
  rollback_of: number | null;
  channel: string;
  thread_ts: string | null;
  own_message: number;
  reported: RolloutStatus | null;
  attempts: number;
  result: string | null;
  error: string | null;
  received_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

export function toRollout(r: RolloutRow): Rollout {
  return {
    id: r.id,
    connectorId: r.connector_id,
    version: r.version,
    image: r.image,
    kind: r.kind,
    source: r.source,
    status: r.status,
    needsApproval: r.needs_approval === 1,
    requestedBy: r.requested_by,
    approvedBy: r.approved_by,
    releaseId: r.release_id,
    rollbackOf: r.rollback_of,
    channel: r.channel,
    threadTs: r.thread_ts,
    ownMessage: r.own_message === 1,
    reported: r.reported,
    attempts: r.attempts,
    result: r.result,
    error: r.error,
    receivedAt: r.received_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    updatedAt: r.updated_at,
  };
}

/** The columns a new rollout is inserted with, by name, in the order the stores have always written them. */
export function newRolloutColumns(
  input: NewRollout,
  o: { buildKey: string | null; status: RolloutStatus; startBy?: string },
  at: string,
): Record<string, string | number | null> {
  return {
    connector_id: input.connectorId,
    version: input.version,
    image: input.image,
    kind: input.kind,
    source: input.source,
    build_key: o.buildKey,
    status: o.status,
    needs_approval: input.needsApproval ? 1 : 0,
    requested_by: input.requestedBy,
    approved_by: o.startBy ?? null,
    release_id: input.releaseId,
    rollback_of: input.rollbackOf,
    channel: input.channel,
    thread_ts: input.threadTs,
    own_message: input.ownMessage ? 1 : 0,
    received_at: at,
    started_at: o.startBy ? at : null,
    updated_at: at,
  };
}

import type { Release } from '../domain/release.js';
import type { Deps } from './deps.js';
import type { ReleaseEvent, RolloutView } from './ports/narrator.js';
import type { OwedMessage } from './ports/outbox.js';

/**
 * The Slack messages a release owes, as outbox rows (DESIGN.md §6): owe them in the unit of
 * work that decided them. A release's proposal, its thread and its notice share one lane, so
 * they go out in the order they were owed. Members of a release train have no thread of their
 * own: the train tells them.
 */
const lane = (r: Pick<Release, 'id'>) => `release:${r.id}`;
export const proposalKey = (r: Pick<Release, 'id'>) => `release:${r.id}:proposal`;

type Telling = Pick<Deps, 'narrator' | 'config'>;

export function proposal(deps: Telling, r: Release): OwedMessage {
  return {
    key: proposalKey(r),
    lane: lane(r),
    kind: 'post',
    channel: r.channel,
    message: deps.narrator.releaseParent(r),
    records: { table: 'releases', id: r.id },
  };
}

/** The proposal as it stands now (an update owed twice before it is sent goes out once, newest). */
export function parentUpdate(deps: Telling, r: Release, rollout?: RolloutView): OwedMessage[] {
  if (r.batchId !== null) return [];
  return [{ lane: lane(r), kind: 'update', channel: r.channel, refTs: r.messageTs, refKey: proposalKey(r), message: deps.narrator.releaseParent(r, rollout) }];
}

export function reply(deps: Telling, r: Release, event: ReleaseEvent): OwedMessage[] {
  if (r.batchId !== null) return [];
  return [{ lane: lane(r), kind: 'post', channel: r.channel, refTs: r.messageTs, refKey: proposalKey(r), message: deps.narrator.releaseReply(r, event) }];
}

export function notice(deps: Telling, r: Release): OwedMessage {
  return { key: `release:${r.id}:notice`, lane: lane(r), kind: 'post', channel: deps.config.releaseChannel, message: deps.narrator.releaseNotice(r) };
}

import type { Release } from '../domain/release.js';
import { releaseMessage } from '../slack/blocks/release-message.js';
import { releaseNotice } from '../slack/blocks/release-replies.js';
import type { SlackMessage } from '../slack/slack-port.js';
import type { Deps } from './deps.js';
import { releaseParent } from './release-parent.js';

/**
 * The Slack messages a release owes, written to the outbox (call inside the transaction that
 * decided them: `deps.store.atomically`). A release's proposal, its thread and its notice share
 * one lane, so they go out in the order they were owed. Members of a release train have no
 * thread of their own: the train tells them.
 */
const lane = (r: Release) => `release:${r.id}`;
export const proposalKey = (r: Pick<Release, 'id'>) => `release:${r.id}:proposal`;

export function oweProposal(deps: Deps, r: Release): void {
  deps.store.outbox.owe({ key: proposalKey(r), lane: lane(r), kind: 'post', channel: r.channel, message: releaseMessage(r), records: { table: 'releases', id: r.id } });
}

/** The proposal as it stands now (an update owed twice before it is sent goes out once, newest). */
export function oweParentUpdate(deps: Deps, r: Release): void {
  if (r.batchId !== null) return;
  deps.store.outbox.owe({ lane: lane(r), kind: 'update', channel: r.channel, refTs: r.messageTs, refKey: proposalKey(r), message: releaseParent(deps, r) });
}

export function oweReply(deps: Deps, r: Release, message: SlackMessage): void {
  if (r.batchId !== null) return;
  deps.store.outbox.owe({ lane: lane(r), kind: 'post', channel: r.channel, refTs: r.messageTs, refKey: proposalKey(r), message });
}

export function oweNotice(deps: Deps, r: Release): void {
  deps.store.outbox.owe({ key: `release:${r.id}:notice`, lane: lane(r), kind: 'post', channel: deps.config.releaseChannel, message: releaseNotice(r) });
}

import type { Batch } from '../domain/batch.js';
import type { SlackMessage } from '../slack/slack-port.js';
import type { Deps } from './deps.js';

/** A release train's card, its updates and its thread, owed to the outbox in one lane (see owe-release-messages.ts). */
const lane = (b: Pick<Batch, 'id'>) => `batch:${b.id}`;
const cardKey = (b: Pick<Batch, 'id'>) => `batch:${b.id}:card`;

export function oweCard(deps: Deps, b: Batch, card: SlackMessage): void {
  deps.store.outbox.owe({ key: cardKey(b), lane: lane(b), kind: 'post', channel: b.channel, message: card, records: { table: 'batches', id: b.id } });
}

export function oweCardUpdate(deps: Deps, b: Batch, card: SlackMessage): void {
  deps.store.outbox.owe({ lane: lane(b), kind: 'update', channel: b.channel, refTs: b.messageTs, refKey: cardKey(b), message: card });
}

export function oweBatchReply(deps: Deps, b: Batch, message: SlackMessage): void {
  deps.store.outbox.owe({ lane: lane(b), kind: 'post', channel: b.channel, refTs: b.messageTs, refKey: cardKey(b), message });
}

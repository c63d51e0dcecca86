import type { Batch } from '../domain/batch.js';
import type { Message } from './ports/message.js';
import type { OwedMessage } from './ports/outbox.js';

/** A release train's card, its updates and its thread, as outbox rows in one lane (see owe-release-messages.ts). */
const lane = (b: Pick<Batch, 'id'>) => `batch:${b.id}`;
const cardKey = (b: Pick<Batch, 'id'>) => `batch:${b.id}:card`;

export function card(b: Batch, message: Message): OwedMessage {
  return { key: cardKey(b), lane: lane(b), kind: 'post', channel: b.channel, message, records: { table: 'batches', id: b.id } };
}

export function cardUpdate(b: Batch, message: Message): OwedMessage {
  return { lane: lane(b), kind: 'update', channel: b.channel, refTs: b.messageTs, refKey: cardKey(b), message };
}

export function batchReply(b: Batch, message: Message): OwedMessage {
  return { lane: lane(b), kind: 'post', channel: b.channel, refTs: b.messageTs, refKey: cardKey(b), message };
}

import type { Message } from './message.js';

/** Where a sent message's ts is remembered, in the same transaction that marks it sent. */
export interface TsRecord {
  table: 'releases' | 'batches' | 'rollouts';
  id: number;
}

/** One message the bot owes (DESIGN.md §6): written with the change that decided it, sent later by the outbox's one sender. */
export interface OwedMessage {
  /** a stable key makes owing the same message twice a no-op; absent, a fresh one is made */
  key?: string;
  /** messages of one lane (a thread) go out in the order they were owed */
  lane: string;
  kind: 'post' | 'update';
  channel: string;
  /** post: the thread to reply in; update: the message to update (by ts, or by the key of the row that posts it) */
  refTs?: string | null;
  refKey?: string | null;
  message: Message;
  records?: TsRecord;
}

/** Owing messages. */
export interface Outbox {
  owe(m: OwedMessage): Promise<string>;
  /** whether a message with this key was ever owed (sent or not) */
  wasOwed(key: string): Promise<boolean>;
}

import type { OutboxQueue } from '../slack/outbox-queue.js';
import type { OutboxStore } from './outbox-store.js';

type Turn = <T>(work: () => T) => Promise<T>;

const atOnce: Turn = async (work) => work();

/**
 * The sender's queue over the SQLite outbox. The records share the sender's connection, so a
 * unit of work still open shows its rows to it: `turn` runs each call between units of work
 * (the async records' turn), so a row a unit owed and then rolled back is never read.
 */
export function sqliteOutboxQueue(outbox: OutboxStore, turn: Turn = atOnce): OutboxQueue {
  return {
    pending: () => turn(() => outbox.pending()),
    refOf: (key) => turn(() => outbox.refOf(key)),
    beginAttempt: (id) => turn(() => outbox.beginAttempt(id)),
    markSent: (id, revision, ts) => turn(() => outbox.markSent(id, revision, ts)),
    retryLater: (id, notBefore, error, inDoubt) => turn(() => outbox.retryLater(id, notBefore, error, inDoubt)),
    markFailed: (id, error) => turn(() => outbox.markFailed(id, error)),
    backlog: () => turn(() => outbox.backlog()),
  };
}

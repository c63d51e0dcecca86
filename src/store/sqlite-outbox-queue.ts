import type { OutboxQueue } from '../slack/outbox-queue.js';
import type { OutboxStore } from './outbox-store.js';

/**
 * The sender's queue over the SQLite outbox. Each call runs at once, synchronously, as the
 * sender's calls always did (not in the async records' turn): only its answer is a promise.
 */
export function sqliteOutboxQueue(outbox: OutboxStore): OutboxQueue {
  return {
    pending: async () => outbox.pending(),
    refOf: async (key) => outbox.refOf(key),
    beginAttempt: async (id) => outbox.beginAttempt(id),
    markSent: async (id, revision, ts) => outbox.markSent(id, revision, ts),
    retryLater: async (id, notBefore, error, inDoubt) => outbox.retryLater(id, notBefore, error, inDoubt),
    markFailed: async (id, error) => outbox.markFailed(id, error),
    backlog: async () => outbox.backlog(),
  };
}

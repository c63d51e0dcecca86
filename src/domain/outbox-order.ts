/** What the ordering rule needs of a pending outbox row. */
export interface QueuedMessage {
  id: number;
  lane: string;
  notBefore: string;
}

/**
 * The outbox's ordering rule: within a lane (one thread) messages go out in the order they were
 * owed, so only a lane's oldest row may be sent, and only once its backoff has passed; a lane
 * waiting on Slack holds back its own later messages and nobody else's.
 * Returns the rows to send now, and when the next waiting one is due.
 */
export function dueMessages<T extends QueuedMessage>(pending: T[], now: Date): { due: T[]; nextAt: Date | undefined } {
  const heads = new Map<string, T>();
  for (const row of pending) {
    const head = heads.get(row.lane);
    if (!head || row.id < head.id) heads.set(row.lane, row);
  }
  const due: T[] = [];
  let nextAt: Date | undefined;
  for (const head of [...heads.values()].sort((a, b) => a.id - b.id)) {
    const at = new Date(head.notBefore);
    if (at <= now) due.push(head);
    else if (!nextAt || at < nextAt) nextAt = at;
  }
  return { due, nextAt };
}

/**
 * Calls made in the same turn of the event loop, run as one batch on the next (`setImmediate`):
 * each caller gets its own result, or the batch's error. The store uses it for group commit: a
 * flood of webhook deliveries costs one SQLite commit per turn instead of one per delivery, and
 * each answer still waits for its own row to be committed.
 */
export function coalesce<A extends unknown[], R>(runBatch: (batch: A[]) => Promise<R[]>): (...args: A) => Promise<R> {
  let waiting: { args: A; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  const flush = () => {
    const batch = waiting;
    waiting = [];
    runBatch(batch.map((w) => w.args)).then(
      (results) => batch.forEach((w, i) => w.resolve(results[i]!)),
      (error: unknown) => batch.forEach((w) => w.reject(error)),
    );
  };
  return (...args: A) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ args, resolve, reject });
      if (waiting.length === 1) setImmediate(flush);
    });
}

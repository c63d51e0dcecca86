import { AsyncLocalStorage } from 'node:async_hooks';
import type { Records } from '../workflows/ports/records.js';
import type { Store } from './store.js';
import { coalesce } from './coalesce.js';

/** The promise-returning face of a synchronous store, method for method. */
type Asyncify<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K] };

type Parts = Omit<Records, 'transaction'>;

/**
 * The records port over the SQLite store. better-sqlite3 answers synchronously, so every call is
 * made in turn through one queue; `transaction` holds the queue from BEGIN to COMMIT, so nothing
 * else writes in the middle of a unit of work (the store's own transactions nest as savepoints).
 * Inside a unit of work, the outer records answer directly rather than wait for themselves.
 */
export function asyncRecords(store: Store): Records & { between<T>(work: () => T): Promise<T> } {
  const inUnit = new AsyncLocalStorage<true>();
  let tail: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => T | Promise<T>): Promise<T> => {
    if (inUnit.getStore()) return Promise.resolve().then(work);
    const result = tail.then(work);
    tail = result.catch(() => undefined);
    return result;
  };
  const direct = <T>(work: () => T): Promise<T> => Promise.resolve().then(work);

  const wrap = <T extends object>(target: T, call: <R>(work: () => R) => Promise<R>, own: Partial<Asyncify<T>> = {}): Asyncify<T> =>
    new Proxy(target, {
      get(t, prop, receiver) {
        if (Object.hasOwn(own, prop)) return own[prop as keyof T];
        const value: unknown = Reflect.get(t, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => call(() => (value as (...a: unknown[]) => unknown).apply(t, args));
      },
    }) as unknown as Asyncify<T>;
  // Group commit for the webhook intake: the deliveries stored (and finished) in one turn of the
  // event loop share one transaction, in their turn like any other write. Inside a unit of work
  // they are written directly, in its transaction.
  const grouped: Partial<Asyncify<Store['deliveries']>> = {
    insert: coalesce((batch: [Parameters<Store['deliveries']['insert']>[0]][]) => inTurn(() => store.deliveries.insertMany(batch.map(([d]) => d)))),
    finish: coalesce((batch: Parameters<Store['deliveries']['finish']>[]) =>
      inTurn(() => {
        store.deliveries.finishMany(batch);
        return batch.map(() => undefined);
      }),
    ),
  };
  const parts = (call: <R>(work: () => R) => Promise<R>, own = {}): Parts => ({
    releases: wrap(store.releases, call),
    batches: wrap(store.batches, call),
    rollouts: wrap(store.rollouts, call),
    rolloutDeployments: wrap(store.rolloutDeployments, call),
    deliveries: wrap(store.deliveries, call, own),
    audit: wrap(store.audit, call),
    outbox: wrap(store.outbox, call),
    insights: wrap(store.insights, call),
    freezes: wrap(store.freezes, call),
  });
  const outer = parts(inTurn, grouped);
  const inside = parts(direct);

  return {
    ...outer,
    /** Runs `work` in the records' turn, between units of work (never inside an open one). */
    between: (work) => inTurn(work),
    transaction: <T>(work: (tx: Parts) => Promise<T>): Promise<T> =>
      inTurn(() =>
        inUnit.run(true, async () => {
          store.begin();
          try {
            const result = await work(inside);
            store.commit();
            return result;
          } catch (error) {
            store.rollback();
            throw error;
          }
        }),
      ),
  };
}

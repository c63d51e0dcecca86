/** What came of asking for a claim: the work's result, or that another replica holds it. */
export type Claimed<T> = { claimed: true; value: T } | { claimed: false };

/**
 * Durable work that one replica at a time may do (DESIGN.md §9, several replicas): a delivery to
 * handle, a release, a release train, a connector's rollouts, the Slack outbox. `hold` runs
 * `work` holding the claim on `key` and lets it go when `work` settles; when this replica dies,
 * its claims end with it and another replica's sweep takes the work over. Work is always read
 * again after the claim is taken, so work another replica finished meanwhile is found at rest.
 */
export interface Claims {
  hold<T>(key: string, work: () => Promise<T>): Promise<Claimed<T>>;
}

/** One process alone (SQLite): every claim is its own; the runners already keep one run per key in memory. */
export const soleReplica: Claims = {
  hold: async (_key, work) => ({ claimed: true, value: await work() }),
};

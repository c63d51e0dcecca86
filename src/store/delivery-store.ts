import type { Statement } from 'better-sqlite3';
import type { Db } from './open-database.js';

import type { Delivery } from '../workflows/ports/delivery-records.js';

export type { Delivery };

const COLUMNS = 'id, source, event, payload, status, outcome, received_at AS receivedAt';

/**
 * Webhook deliveries: stored before the answer, deduplicated by delivery id, handled after.
 * `insert` is the whole of the acknowledgement's work, so its statement is prepared once, here.
 */
export class DeliveryStore {
  private readonly insertOne: Statement<[string, Delivery['source'], string, string, string]>;
  private readonly getOne: Statement<[string], Delivery>;
  private readonly finishOne: Statement<[string, string, string, string]>;
  private readonly pendingAll: Statement<[], Delivery>;
  private readonly countAll: Statement<[], { n: number }>;

  private readonly atomically: <T>(f: () => T) => T;
  /** when the last delivery was stored (`performance.now()`): the database checkpoints when the intake is quiet */
  lastStoredAt = Number.NEGATIVE_INFINITY;

  constructor(
    db: Db,
    private readonly now: () => Date,
  ) {
    this.atomically = (f) => db.transaction(f)();
    this.insertOne = db.prepare(
      "INSERT INTO webhook_deliveries (id, source, event, payload, status, received_at) VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT(id) DO NOTHING",
    );
    this.getOne = db.prepare(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE id = ?`);
    this.finishOne = db.prepare('UPDATE webhook_deliveries SET status = ?, outcome = ?, handled_at = ? WHERE id = ?');
    // rowid breaks ties in the same millisecond: deliveries resume in the order they arrived.
    this.pendingAll = db.prepare(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE status = 'pending' ORDER BY received_at, rowid`);
    this.countAll = db.prepare('SELECT COUNT(*) AS n FROM webhook_deliveries');
  }

  /** false when this delivery id was seen before (a redelivery); the first payload stays. */
  insert(d: { id: string; source: Delivery['source']; event: string; payload: string }): boolean {
    this.lastStoredAt = performance.now();
    return this.insertOne.run(d.id, d.source, d.event, d.payload, this.now().toISOString()).changes === 1;
  }

  /** Several deliveries in one transaction (group commit); for each, whether it was new. */
  insertMany(ds: readonly Parameters<DeliveryStore['insert']>[0][]): boolean[] {
    return this.atomically(() => ds.map((d) => this.insert(d)));
  }

  get(id: string): Delivery | undefined {
    return this.getOne.get(id);
  }

  finish(id: string, status: Exclude<Delivery['status'], 'pending'>, outcome: string): void {
    this.finishOne.run(status, outcome, this.now().toISOString(), id);
  }

  /** Several outcomes in one transaction. */
  finishMany(outcomes: readonly Parameters<DeliveryStore['finish']>[]): void {
    this.atomically(() => {
      for (const o of outcomes) this.finish(...o);
    });
  }

  pending(): Delivery[] {
    return this.pendingAll.all();
  }

  count(): number {
    return this.countAll.get()!.n;
  }
}

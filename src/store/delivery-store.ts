import type { Db } from './open-database.js';

import type { Delivery } from '../workflows/ports/delivery-records.js';

export type { Delivery };

/** Webhook deliveries: stored before the answer, deduplicated by delivery id, handled after. */
export class DeliveryStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** false when this delivery id was seen before (a redelivery). */
  insert(d: { id: string; source: Delivery['source']; event: string; payload: string }): boolean {
    const info = this.db
      .prepare("INSERT INTO webhook_deliveries (id, source, event, payload, status, received_at) VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT(id) DO NOTHING")
      .run(d.id, d.source, d.event, d.payload, this.now().toISOString());
    return info.changes === 1;
  }

  get(id: string): Delivery | undefined {
    return this.db.prepare('SELECT id, source, event, payload, status, outcome, received_at AS receivedAt FROM webhook_deliveries WHERE id = ?').get(id) as
      | Delivery
      | undefined;
  }

  finish(id: string, status: Exclude<Delivery['status'], 'pending'>, outcome: string): void {
    this.db.prepare('UPDATE webhook_deliveries SET status = ?, outcome = ?, handled_at = ? WHERE id = ?').run(status, outcome, this.now().toISOString(), id);
  }

  pending(): Delivery[] {
    return this.db
      .prepare(
        "SELECT id, source, event, payload, status, outcome, received_at AS receivedAt FROM webhook_deliveries WHERE status = 'pending' ORDER BY received_at",
      )
      .all() as Delivery[];
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM webhook_deliveries').get() as { n: number }).n;
  }
}

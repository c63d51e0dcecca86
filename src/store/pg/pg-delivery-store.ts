import type { Delivery, DeliveryOutcome, DeliveryRecords } from '../../workflows/ports/delivery-records.js';
import type { PgSql } from './pg-sql.js';

const COLUMNS = 'id, source, event, payload, status, outcome, received_at AS "receivedAt"';

/** Webhook deliveries on PostgreSQL: the unique id dedupes a redelivery whichever replica took it. */
export class PgDeliveryStore implements DeliveryRecords {
  constructor(
    private readonly sql: PgSql,
    private readonly now: () => Date,
  ) {}

  async insert(d: Pick<Delivery, 'id' | 'source' | 'event' | 'payload'>): Promise<boolean> {
    const changed = await this.sql.run(
      "INSERT INTO webhook_deliveries (id, source, event, payload, status, received_at) VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT (id) DO NOTHING",
      [d.id, d.source, d.event, d.payload, this.now().toISOString()],
    );
    return changed === 1;
  }

  get(id: string): Promise<Delivery | undefined> {
    return this.sql.get<Delivery>(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE id = ?`, [id]);
  }

  async finish(id: string, status: DeliveryOutcome['status'], outcome: string): Promise<void> {
    await this.sql.run('UPDATE webhook_deliveries SET status = ?, outcome = ?, handled_at = ? WHERE id = ?', [status, outcome, this.now().toISOString(), id]);
  }

  pending(): Promise<Delivery[]> {
    return this.sql.all<Delivery>(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE status = 'pending' ORDER BY received_at, id`);
  }
}

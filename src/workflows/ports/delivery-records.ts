/** A webhook delivery or build notice, stored before it was answered. */
export interface Delivery {
  id: string;
  source: 'github' | 'build';
  event: string;
  payload: string;
  status: 'pending' | 'processed' | 'skipped' | 'failed';
  outcome: string | null;
  receivedAt: string;
}

/**
 * A delivery as the route stored it, handed over without reading it back; `body` is its JSON
 * when the route parsed it already (a delivery resumed after a restart has none).
 */
export type ReceivedDelivery = Pick<Delivery, 'id' | 'source' | 'event' | 'payload'> & { body?: object };

/** What came of a delivery, recorded on it. */
export type DeliveryOutcome = { status: 'processed' | 'skipped' | 'failed'; outcome: string };

export interface DeliveryRecords {
  /** Stores a delivery before it is answered; false when its id was seen before (a redelivery). */
  insert(delivery: Pick<Delivery, 'id' | 'source' | 'event' | 'payload'>): Promise<boolean>;
  get(id: string): Promise<Delivery | undefined>;
  finish(id: string, status: DeliveryOutcome['status'], outcome: string): Promise<void>;
  pending(): Promise<Delivery[]>;
}

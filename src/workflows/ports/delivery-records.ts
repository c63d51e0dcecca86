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

/** What came of a delivery, recorded on it. */
export type DeliveryOutcome = { status: 'processed' | 'skipped' | 'failed'; outcome: string };

export interface DeliveryRecords {
  get(id: string): Promise<Delivery | undefined>;
  finish(id: string, status: DeliveryOutcome['status'], outcome: string): Promise<void>;
  pending(): Promise<Delivery[]>;
}

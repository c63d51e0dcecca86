import type { Logger } from 'pino';
import type { DeliveryRecords, ReceivedDelivery } from '../workflows/ports/delivery-records.js';

/** What a route that takes deliveries needs: where it stores them, and whom it tells. */
export interface DeliveryIntake {
  deliveries: Pick<DeliveryRecords, 'insert'>;
  logger: Logger;
  /** called as each request starts, before it is read (the intake is busy) */
  onArrival?: () => void;
  /** called with each delivery once it is stored and answered */
  onStored: (delivery: ReceivedDelivery) => void;
  /** told of every delivery and what became of it (the metrics) */
  onOutcome?: DeliveryObserver;
}

/** What became of one delivery to a webhook route, for the metrics (a word of a known few). */
export type DeliveryOutcome = 'accepted' | 'duplicate' | 'unauthorized' | 'too_large' | 'invalid';

/** Told of every delivery: its event ("unverified" until the signature is checked) and what became of it. */
export type DeliveryObserver = (event: string, outcome: DeliveryOutcome) => void;

/** The outcome of a request refused before it was read: by the status it was answered with. */
export function refusedOutcome(status: number): DeliveryOutcome {
  if (status === 401) return 'unauthorized';
  if (status === 413) return 'too_large';
  return 'invalid';
}

/**
 * The event as a label: GitHub's event names are a known vocabulary of snake_case words
 * (https://docs.github.com/en/webhooks/webhook-events-and-payloads); anything else is "other".
 */
export function eventLabel(event: string | undefined): string {
  return event && /^[a-z_]{1,40}$/.test(event) ? event : 'other';
}

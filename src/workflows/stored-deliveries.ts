import type { IntakeLull } from './intake-lull.js';
import type { Delivery } from './ports/delivery-records.js';
import type { BackgroundWork } from './supervise.js';

/**
 * The deliveries stored and answered, waiting for their work: it starts at the next lull in the
 * intake (`IntakeLull`), oldest first. Until then only their ids are held, not their payloads nor
 * any work in progress: the rows are in the database. A burst of thousands of webhooks then
 * costs a few bytes each while it is answered, rather than a payload and a pending task each for
 * the garbage collector to copy again and again.
 */
export class StoredDeliveries {
  private ids: string[] = [];
  private draining = false;

  constructor(
    private readonly o: {
      lull: IntakeLull;
      /** the stored row, read again when its turn comes */
      load: (id: string) => Promise<Delivery | undefined>;
      /** handles one delivery (claimed, recorded) */
      handle: (delivery: Delivery) => Promise<unknown>;
      background: Pick<BackgroundWork, 'start'>;
    },
  ) {}

  /** A delivery was stored and answered: its work waits for the lull. */
  add(id: string): void {
    this.o.lull.arrived();
    this.ids.push(id);
    if (this.draining) return;
    this.draining = true;
    void this.o.background.start({ what: 'handling stored deliveries' }, () => this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.ids.length > 0) {
        await this.o.lull.after();
        const ids = this.ids;
        this.ids = [];
        for (const id of ids) void this.o.background.start({ what: `delivery ${id}`, deliveryId: id }, () => this.handleOne(id));
      }
    } finally {
      this.draining = false;
    }
  }

  private async handleOne(id: string): Promise<void> {
    const delivery = await this.o.load(id);
    // Already at rest: handled by a sweep that came first, or by another replica.
    if (delivery?.status !== 'pending') return;
    await this.o.handle(delivery);
  }
}

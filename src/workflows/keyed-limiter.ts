/**
 * Runs work at most `limit` at a time, and the work of one key in the order it was given: the
 * deliveries of one repository are handled in arrival order (a later push supersedes the earlier
 * proposal), those of different repositories side by side, up to the bound on GitHub calls.
 */
export class KeyedLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** the last work queued per key; a key is dropped when its last work settles */
  private readonly lanes = new Map<string, Promise<unknown>>();

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`KeyedLimiter: limit must be a positive integer, not ${limit}`);
  }

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.lanes.get(key);
    const result = before ? before.then(() => this.inSlot(work)) : this.inSlot(work);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.lanes.set(key, settled);
    void settled.then(() => {
      if (this.lanes.get(key) === settled) this.lanes.delete(key);
    });
    return result;
  }

  private async inSlot<T>(work: () => Promise<T>): Promise<T> {
    // A free slot is taken at once; otherwise the slot of the work that finishes is handed over.
    if (this.running < this.limit) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

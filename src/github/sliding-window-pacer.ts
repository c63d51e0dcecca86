/**
 * At most `max` requests in any `windowMs`, counted from when each one was answered (a request
 * is in the window from the moment it leaves until `windowMs` after its answer), so a request
 * that queued elsewhere on its way can never make GitHub see one too many. Waiters are served in
 * order of arrival.
 */
export class SlidingWindowPacer {
  /** answer times still in the window, oldest first */
  private readonly answered: number[] = [];
  private inFlight = 0;
  private readonly waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Waits for a slot; call the function it returns once the request is answered (or failed). */
  async acquire(): Promise<() => void> {
    if (this.waiters.length > 0 || !this.take()) await new Promise<void>((resolve) => this.enqueue(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.answered.push(this.now());
      this.drain();
    };
  }

  /** ms until a slot frees when every slot is taken; 0 when one is free now */
  waitMs(): number {
    this.prune();
    if (this.answered.length + this.inFlight < this.max) return 0;
    return this.answered.length > 0 ? Math.max(0, this.answered[0]! + this.windowMs - this.now()) : 0;
  }

  private take(): boolean {
    this.prune();
    if (this.answered.length + this.inFlight >= this.max) return false;
    this.inFlight++;
    return true;
  }

  private enqueue(resolve: () => void): void {
    this.waiters.push(resolve);
    this.arm();
  }

  private drain(): void {
    while (this.waiters.length > 0 && this.take()) this.waiters.shift()!();
    this.arm();
  }

  private arm(): void {
    if (this.timer || this.waiters.length === 0 || this.answered.length === 0) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.drain();
      },
      Math.max(1, this.answered[0]! + this.windowMs - this.now() + 1),
    );
    this.timer.unref();
  }

  private prune(): void {
    const cutoff = this.now() - this.windowMs;
    while (this.answered.length > 0 && this.answered[0]! <= cutoff) this.answered.shift();
  }
}

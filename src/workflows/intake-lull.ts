/**
 * Answers first, work after: the handling of stored deliveries waits for a lull in the intake (no
 * request for `quietMs`), or `maxDeferMs` at most, so that during a burst of webhooks the event
 * loop answers GitHub rather than classifying and proposing. Deliveries are stored before their
 * answers, so waiting loses nothing; a quiet intake costs `quietMs`.
 *
 * A lull is seen only after the event loop has polled for input: a garbage collection or a long
 * commit can hold the loop for longer than `quietMs` while requests queue on their sockets, and a
 * timer that fires before those are read would take the pause for a lull.
 */
export class IntakeLull {
  private lastArrival = Number.NEGATIVE_INFINITY;
  private readonly waiting: { due: number; go: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly o: { quietMs: number; maxDeferMs: number },
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A request came in (call it as each one starts, before it is stored). */
  arrived(): void {
    this.lastArrival = this.now();
  }

  /** Resolves at the next lull, or after `maxDeferMs`. */
  after(): Promise<void> {
    return new Promise((go) => {
      this.waiting.push({ due: this.now() + this.o.maxDeferMs, go });
      this.arm();
    });
  }

  private arm(): void {
    if (this.timer || this.waiting.length === 0) return;
    const next = Math.min(this.lastArrival + this.o.quietMs, this.waiting[0]!.due);
    this.timer = setTimeout(() => this.check(), Math.max(0, next - this.now()));
  }

  /** Timers run before the loop polls for input: what waits on the sockets is read first, then it is decided. */
  private check(): void {
    if (this.now() - this.lastArrival >= this.o.quietMs) setImmediate(() => this.release());
    else this.release();
  }

  private release(): void {
    this.timer = undefined;
    const t = this.now();
    const quiet = t - this.lastArrival >= this.o.quietMs;
    // Oldest first: every one at a lull, else the ones past their deadline.
    while (this.waiting.length > 0 && (quiet || this.waiting[0]!.due <= t)) this.waiting.shift()!.go();
    this.arm();
  }
}

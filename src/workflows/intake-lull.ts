/**
 * Answers first, work after: the handling of a stored delivery waits for a lull in the intake
 * (no delivery for `quietMs`), or `maxDeferMs` at most, so that during a burst of webhooks the
 * event loop answers GitHub rather than classifying and proposing. The delivery is stored before
 * its answer, so waiting loses nothing; a quiet intake costs `quietMs`.
 */
export class IntakeLull {
  private lastArrival = 0;
  private readonly waiting: { due: number; go: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly o: { quietMs: number; maxDeferMs: number },
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A delivery came in (call it for each, before its work waits). */
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
    this.timer = setTimeout(() => this.release(), Math.max(0, next - this.now()));
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

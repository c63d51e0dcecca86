import type { BackgroundWork } from './supervise.js';

/**
 * One supervised sweep at a time, and a timer for the next: `sweep` does the work and says when
 * it wants to run again (null: nothing due), never further than `maxWaitMs` away, which is also
 * the wait after a failed sweep (the supervisor logged it). `start()` sweeps at once, which
 * catches up on what fell due while the bot was down; `wake()` sweeps again soon (a sweep running
 * now runs once more after it). The clock is passed in, so tests move time rather than wait.
 */
export class SweepTimer {
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly background: Pick<BackgroundWork, 'start'>,
    private readonly o: { what: string; sweep: () => Promise<Date | null>; now: () => Date; maxWaitMs?: number },
  ) {}

  start(): Promise<void> {
    return this.run();
  }

  wake(): void {
    if (this.sweeping) this.again = true;
    else void this.run();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    this.sweeping = true;
    const next = await this.background.start({ what: this.o.what }, this.o.sweep);
    this.sweeping = false;
    if (this.again) {
      this.again = false;
      return this.run();
    }
    this.schedule(next ?? null);
  }

  private schedule(next: Date | null): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const maxWait = this.o.maxWaitMs ?? 60_000;
    const wait = next ? Math.min(Math.max(0, next.getTime() - this.o.now().getTime()), maxWait) : maxWait;
    this.timer = setTimeout(() => void this.run(), wait);
    this.timer.unref();
  }
}

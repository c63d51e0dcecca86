import type { Deps } from './deps.js';
import { expireProposals } from './expire-proposals.js';
import type { BackgroundWork } from './supervise.js';

/**
 * Expires proposals on time while the bot runs: one timer, set for the next proposal due (at
 * most `maxWaitMs` away), each sweep supervised. `start()` sweeps at once, which expires what
 * expired while the bot was down. `wake()` (a proposal was made) sets the timer again.
 * The clock is passed in, so tests move time rather than wait for it.
 */
export class ExpiryTimer {
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly deps: Pick<Deps, 'store' | 'narrator' | 'config'>,
    private readonly background: Pick<BackgroundWork, 'start'>,
    private readonly o: { now: () => Date; maxWaitMs?: number },
  ) {}

  start(): Promise<void> {
    return this.sweep();
  }

  /** Sweeps again soon: a sweep running now runs once more after it. */
  wake(): void {
    if (this.sweeping) this.again = true;
    else void this.sweep();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async sweep(): Promise<void> {
    if (this.stopped) return;
    this.sweeping = true;
    const result = await this.background.start({ what: 'expiring proposals' }, () => expireProposals(this.deps, this.o.now()));
    this.sweeping = false;
    if (this.again) {
      this.again = false;
      return this.sweep();
    }
    // after a failed sweep (logged by the supervisor), try again at the longest wait
    this.schedule(result?.next ?? null);
  }

  private schedule(next: Date | null): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const maxWait = this.o.maxWaitMs ?? 60_000;
    const wait = next ? Math.min(Math.max(0, next.getTime() - this.o.now().getTime()), maxWait) : maxWait;
    this.timer = setTimeout(() => void this.sweep(), wait);
    this.timer.unref();
  }
}

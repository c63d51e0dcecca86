import { lastEnded, nextBoundary, scheduledFreeze, windowAt } from '../domain/freeze-window.js';
import { clock, type Deps } from './deps.js';
import { freezeNotice } from './freeze-command.js';
import { freezeHolding } from './freeze-gate.js';
import { owe } from './owe.js';
import { parentUpdate } from './owe-release-messages.js';
import type { BackgroundWork } from './supervise.js';

/** What waits for a freeze to end, and how to set it going (each supervised by its runner; none is awaited here). */
export interface HeldWork {
  resumeRelease(id: number): void;
  releaseHeldRollouts(): void;
  resumeTrains(): void;
}

type WatchDeps = Pick<Deps, 'config' | 'store' | 'narrator' | 'now'>;

/**
 * Brings everything in line with the freezes in force at `now`: the channel told when a
 * scheduled freeze started or ended (each once: the messages are keyed by the occurrence, and an
 * end is told only after its start was), open proposals showing the freeze they are under (or no
 * longer), and held releases, rollouts and trains set going when nothing holds them.
 */
export async function reconcileFreezes(deps: WatchDeps, work: HeldWork, now: Date): Promise<void> {
  for (const f of deps.config.freezes) {
    const current = windowAt(now, f);
    if (current) await owe(deps.store, freezeNotice(deps, { event: 'started', freeze: scheduledFreeze(current) }));
    const ended = lastEnded(now, f);
    if (ended && (await deps.store.outbox.wasOwed(`freeze:${ended.id}:start`)))
      await owe(deps.store, freezeNotice(deps, { event: 'ended', freeze: scheduledFreeze(ended) }));
  }
  const at = { ...deps, now: () => now };
  for (const r of await deps.store.releases.freezable()) {
    if (r.status === 'approved') {
      // the runner's gate holds it again, lets it go, or tells of a new freeze
      if (r.batchId === null && r.frozen) work.resumeRelease(r.id);
      continue;
    }
    const freeze = r.status === 'proposed' ? await freezeHolding(at, r) : null;
    if ((freeze?.id ?? null) === (r.frozen?.id ?? null)) continue;
    await deps.store.transaction(async (tx) => {
      const shown = await tx.releases.setFrozen(r.id, freeze);
      if (shown && shown.status === 'proposed') await owe(tx, parentUpdate(deps, shown));
    });
  }
  work.releaseHeldRollouts();
  work.resumeTrains();
}

/**
 * Watches the freezes while the bot runs: one timer, set for the next boundary of a scheduled
 * freeze (at most `maxWaitMs` away), each sweep supervised. `start()` sweeps at once, which tells
 * and resumes what changed while the bot was down; `wake()` (a freeze or unfreeze) sweeps again.
 */
export class FreezeWatcher {
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly deps: WatchDeps,
    private readonly background: Pick<BackgroundWork, 'start'>,
    private readonly work: HeldWork,
    private readonly o: { maxWaitMs?: number } = {},
  ) {}

  start(): Promise<void> {
    return this.sweep();
  }

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
    await this.background.start({ what: 'watching the freezes' }, () => reconcileFreezes(this.deps, this.work, clock(this.deps)));
    this.sweeping = false;
    if (this.again) {
      this.again = false;
      return this.sweep();
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const now = clock(this.deps);
    const next = nextBoundary(now, this.deps.config.freezes);
    const maxWait = this.o.maxWaitMs ?? 60_000;
    // a little after the boundary, so the clock reads past it when the timer fires
    const wait = next ? Math.min(Math.max(0, next.getTime() - now.getTime()) + 5, maxWait) : maxWait;
    this.timer = setTimeout(() => void this.sweep(), wait);
    this.timer.unref();
  }
}

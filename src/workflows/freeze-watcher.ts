import { lastEnded, nextBoundary, scheduledFreeze, windowAt } from '../domain/freeze-window.js';
import { clock, type Deps } from './deps.js';
import { freezeNotice } from './freeze-command.js';
import { freezeHolding } from './freeze-gate.js';
import { owe } from './owe.js';
import { parentUpdate } from './owe-release-messages.js';
import type { BackgroundWork } from './supervise.js';
import { SweepTimer } from './sweep-timer.js';

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
 * Watches the freezes while the bot runs: the timer is set for the next boundary of a scheduled
 * freeze (at most `maxWaitMs` away). `start()` tells and resumes what changed while the bot was
 * down; `wake()` (a freeze or unfreeze) sweeps again.
 */
export class FreezeWatcher extends SweepTimer {
  constructor(deps: WatchDeps, background: Pick<BackgroundWork, 'start'>, work: HeldWork, o: { maxWaitMs?: number } = {}) {
    super(background, {
      ...o,
      what: 'watching the freezes',
      now: () => clock(deps),
      sweep: async () => {
        await reconcileFreezes(deps, work, clock(deps));
        const next = nextBoundary(clock(deps), deps.config.freezes);
        // a little after the boundary, so the clock reads past it when the timer fires
        return next && new Date(next.getTime() + 5);
      },
    });
  }
}

import type { Rollout } from '../domain/rollout-model.js';
import type { Deps } from './deps.js';
import { reportRollout } from './report-rollout.js';
import { runRollout } from './run-rollout.js';
import { supervise } from './supervise.js';

/**
 * Runs rollouts started from Slack (clicks, `/deploy`) after the interaction was answered, and
 * resumes on start-up what a previous run left; remembers the work so `idle()` can wait for it.
 */
export class RolloutRunner {
  private readonly work = new Set<Promise<unknown>>();

  constructor(private readonly deps: Deps) {}

  run(id: number): Promise<Rollout | undefined> {
    return this.track(id, () => runRollout(this.deps, id));
  }

  /** Every rollout with work left: a deploy in flight, a build waiting for its turn, or Slack not told. */
  async resumeAll(): Promise<void> {
    const unfinished = this.deps.store.rollouts.unfinished();
    if (unfinished.length > 0) this.deps.logger.info({ ids: unfinished.map((r) => r.id) }, 'resuming unfinished rollouts');
    await Promise.all(unfinished.map((r) => this.track(r.id, () => this.resume(r))));
  }

  async idle(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  /** Runs only what nobody else owns: rows deploying when the bot started, and a waiting build it wins the start of. */
  private async resume(r: Rollout): Promise<void> {
    await reportRollout(this.deps, r);
    if (r.status === 'deploying') {
      await runRollout(this.deps, r.id);
      return;
    }
    if (r.status !== 'received' || r.needsApproval) return;
    const started = this.deps.store.rollouts.start(r.id, 'bot', 'automatic rollout, resumed after a restart');
    if (started.kind !== 'started') return;
    await reportRollout(this.deps, started.rollout);
    await runRollout(this.deps, r.id);
  }

  private track<T>(rolloutId: number, work: () => Promise<T>): Promise<T | undefined> {
    const tracked = supervise(this.deps.logger, { what: `rollout ${rolloutId}`, rolloutId }, work);
    this.work.add(tracked);
    void tracked.finally(() => this.work.delete(tracked));
    return tracked;
  }
}

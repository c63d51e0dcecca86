import type { Rollout } from '../domain/rollout-model.js';
import type { Deps } from './deps.js';
import { reportRollout } from './report-rollout.js';
import { runRollout } from './run-rollout.js';
import { syncDeployment, wantedState } from './sync-deployment.js';
import type { BackgroundWork } from './supervise.js';

/**
 * Runs rollouts started from Slack (clicks, `/deploy`) after the interaction was answered, and
 * resumes on start-up what a previous run left, as supervised background work.
 */
export class RolloutRunner {
  constructor(
    private readonly deps: Pick<Deps, 'store' | 'narrator' | 'config' | 'deployer' | 'deployments' | 'logger'>,
    private readonly background: Pick<BackgroundWork, 'start'>,
  ) {}

  run(id: number): Promise<Rollout | undefined> {
    return this.track(id, () => runRollout(this.deps, id));
  }

  /** Every rollout with work left: a deploy in flight, a build waiting for its turn, Slack or GitHub's deployment not told. */
  async resumeAll(): Promise<void> {
    const unfinished = await this.deps.store.rollouts.unfinished();
    if (unfinished.length > 0) this.deps.logger.info({ ids: unfinished.map((r) => r.id) }, 'resuming unfinished rollouts');
    await Promise.all(unfinished.map((r) => this.track(r.id, () => this.resume(r))));
  }

  /** Runs only what nobody else owns: rows deploying when the bot started, and a waiting build it wins the start of. */
  private async resume(r: Rollout): Promise<void> {
    await reportRollout(this.deps, r);
    if (r.status === 'deploying') {
      await runRollout(this.deps, r.id);
      return;
    }
    // Ended, and killed before its GitHub deployment said so.
    if (wantedState(r)) await syncDeployment(this.deps, r);
    if (r.status !== 'received' || r.needsApproval) return;
    const started = await this.deps.store.rollouts.start(r.id, 'bot', 'automatic rollout, resumed after a restart');
    if (started.kind !== 'started') return;
    await reportRollout(this.deps, started.rollout);
    await runRollout(this.deps, r.id);
  }

  private track<T>(rolloutId: number, work: () => Promise<T>): Promise<T | undefined> {
    return this.background.start({ what: `rollout ${rolloutId}`, rolloutId }, work);
  }
}

import type { Rollout } from '../domain/rollout-model.js';
import type { Deps } from './deps.js';
import { reportRollout } from './report-rollout.js';
import { runRollout } from './run-rollout.js';
import { syncDeployment, wantedState } from './sync-deployment.js';
import type { BackgroundWork } from './supervise.js';
import { currentFreeze } from './current-freeze.js';
import { tellRolloutFrozen } from './report-rollout.js';

/**
 * Runs rollouts started from Slack (clicks, `/deploy`) after the interaction was answered, and
 * resumes on start-up what a previous run left, as supervised background work.
 */
export class RolloutRunner {
  constructor(
    private readonly deps: Pick<Deps, 'store' | 'narrator' | 'config' | 'deployer' | 'deployments' | 'logger' | 'now' | 'claims'>,
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
    await this.startWaiting(r, 'automatic rollout, resumed after a restart');
  }

  /** The builds recorded during a freeze (received, no approval needed), started now that none holds them. */
  async releaseHeld(): Promise<void> {
    const waiting = (await this.deps.store.rollouts.unfinished()).filter((r) => r.status === 'received' && !r.needsApproval);
    await Promise.all(waiting.map((r) => this.track(r.id, () => this.startWaiting(r, 'automatic rollout, after the freeze'))));
  }

  /** Starts a build waiting for its turn, unless a freeze holds its connector (then its thread is told, once per freeze). */
  private async startWaiting(r: Rollout, reason: string): Promise<void> {
    const freeze = await currentFreeze(this.deps, r.connectorId);
    if (freeze) {
      await tellRolloutFrozen(this.deps, r, freeze);
      return;
    }
    const started = await this.deps.store.rollouts.start(r.id, 'bot', reason);
    if (started.kind !== 'started') return;
    await reportRollout(this.deps, started.rollout);
    await runRollout(this.deps, r.id);
  }

  private track<T>(rolloutId: number, work: () => Promise<T>): Promise<T | undefined> {
    return this.background.start({ what: `rollout ${rolloutId}`, rolloutId }, work);
  }
}

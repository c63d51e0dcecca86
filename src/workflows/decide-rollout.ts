import type { Rollout } from '../domain/rollout-model.js';
import type { Deps } from './deps.js';
import { isApprover } from './is-approver.js';
import { reportRollout } from './report-rollout.js';
import type { RolloutRunner } from './rollout-runner.js';

export type RolloutDecision =
  | { kind: 'done'; rollout: Rollout }
  | { kind: 'not-allowed' }
  | { kind: 'unknown' }
  | { kind: 'not-startable'; rollout: Rollout }
  | { kind: 'busy'; inFlight: Rollout };

interface Click { rolloutId: number; userId: string; action: 'deploy' | 'retry' }

/**
 * **Deploy** (a build waiting for approval) or **Retry** (a failed rollout): checked on the
 * server at every click; refusals are audited. The deploy runs after the click is answered.
 */
export async function startRolloutByClick(deps: Deps, runner: RolloutRunner, click: Click): Promise<RolloutDecision> {
  if (!(await isApprover(deps, click.userId))) {
    deps.store.audit.append({
      actor: click.userId, subjectType: 'rollout', subjectId: String(click.rolloutId), action: 'refused', fromStatus: null, toStatus: null,
      reason: `${click.action}: not an approver`,
    });
    return { kind: 'not-allowed' };
  }
  const rollout = deps.store.rollouts.get(click.rolloutId);
  if (!rollout) return { kind: 'unknown' };
  if (rollout.status !== (click.action === 'deploy' ? 'received' : 'failed')) return { kind: 'not-startable', rollout };
  const started = deps.store.rollouts.start(rollout.id, click.userId, click.action === 'deploy' ? 'approved in Slack' : 'retried in Slack', { approvedBy: click.userId });
  if (started.kind !== 'started') return started;
  await reportRollout(deps, started.rollout);
  void runner.run(rollout.id);
  return { kind: 'done', rollout: started.rollout };
}

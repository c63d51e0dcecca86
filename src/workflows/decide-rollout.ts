import type { Rollout } from '../domain/rollout-model.js';
import type { Deps } from './deps.js';
import { requireApprover } from './require-approver.js';
import { reportRollout } from './report-rollout.js';
import type { RolloutRunner } from './rollout-runner.js';

export type RolloutDecision =
  | { kind: 'done'; rollout: Rollout }
  | { kind: 'not-allowed' }
  | { kind: 'unknown' }
  | { kind: 'not-startable'; rollout: Rollout }
  | { kind: 'busy'; inFlight: Rollout };

interface Click {
  rolloutId: number;
  userId: string;
  action: 'deploy' | 'retry';
}

/**
 * **Deploy** (a build waiting for approval) or **Retry** (a failed rollout): checked on the
 * server at every click; refusals are audited. The deploy runs after the click is answered.
 */
export async function startRolloutByClick(
  deps: Pick<Deps, 'config' | 'directory' | 'store' | 'narrator' | 'deployer'>,
  runner: Pick<RolloutRunner, 'run'>,
  click: Click,
): Promise<RolloutDecision> {
  const allowed = await requireApprover(deps, { userId: click.userId, subjectType: 'rollout', subjectId: String(click.rolloutId), action: click.action });
  if (!allowed.allowed) return { kind: 'not-allowed' };
  const rollout = await deps.store.rollouts.get(click.rolloutId);
  if (!rollout) return { kind: 'unknown' };
  if (rollout.status !== (click.action === 'deploy' ? 'received' : 'failed')) return { kind: 'not-startable', rollout };
  const started = await deps.store.rollouts.start(rollout.id, click.userId, click.action === 'deploy' ? 'approved in Slack' : 'retried in Slack', {
    approvedBy: click.userId,
  });
  if (started.kind !== 'started') return started;
  await reportRollout(deps, started.rollout);
  void runner.run(rollout.id);
  return { kind: 'done', rollout: started.rollout };
}

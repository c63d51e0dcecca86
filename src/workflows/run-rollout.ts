import type { Rollout } from '../domain/rollout-model.js';
import { errorMessage } from '../errors.js';
import type { Deps } from './deps.js';
import type { DeployOutcome } from './ports/rollout-records.js';
import { reportRollout } from './report-rollout.js';
import { syncDeployment } from './sync-deployment.js';

import { currentFreeze } from './current-freeze.js';
import { soleReplica } from './ports/claims.js';

type RunDeps = Pick<Deps, 'store' | 'narrator' | 'config' | 'deployer' | 'deployments' | 'logger' | 'now' | 'claims'>;

/**
 * Takes a `deploying` rollout to rest: one deployer call, whose result is recorded in the
 * transaction that moves the status. A crash before that leaves it `deploying`, and the restart
 * calls the deployer again (both deployers are safe to repeat); a recorded result is never
 * redone. Beside the deployer call and after it, the rollout's GitHub deployment follows it (`syncDeployment`).
 * Then the next build of the connector that waited for its turn, if any.
 * Returns the rollout `id` as it ended.
 */
export async function runRollout(deps: RunDeps, id: number): Promise<Rollout | undefined> {
  const first = await deps.store.rollouts.get(id);
  if (first?.status !== 'deploying') return first;
  // One replica at a time deploys a connector (and starts its next build); another one's is left to it.
  await (deps.claims ?? soleReplica).hold(`rollouts:${first.connectorId}`, () => deployInTurn(deps, id));
  return deps.store.rollouts.get(id);
}

async function deployInTurn(deps: RunDeps, id: number): Promise<void> {
  let current = await deps.store.rollouts.get(id);
  while (current?.status === 'deploying') {
    const done = await deployOnce(deps, current);
    // the next build waits while a freeze holds the connector: the end of the freeze starts it
    current = done && !(await currentFreeze(deps, done.connectorId)) ? await deps.store.rollouts.startNextQueued(done.connectorId) : undefined;
    if (current) current = await reportRollout(deps, current);
  }
}

async function deployOnce(deps: RunDeps, r: Rollout): Promise<Rollout | undefined> {
  const log = deps.logger.child({ rolloutId: r.id, connectorId: r.connectorId });
  // The deployment and its in_progress are GitHub writes, paced under github.writesPerMinute: they
  // go on beside the deploy rather than before it, and are done before the outcome is told to GitHub.
  const shown = syncDeployment(deps, r).catch((error: unknown) => log.error({ err: error }, 'GitHub deployment not started'));
  let outcome: DeployOutcome;
  if (!deps.deployer) {
    outcome = { kind: 'failed', error: 'no deployer is configured: add a `rollout:` section to release-bot.yml and restart the bot', attempts: 0 };
  } else {
    const release = r.releaseId === null ? undefined : await deps.store.releases.get(r.releaseId);
    try {
      const result = await deps.deployer.deploy({
        rolloutId: r.id,
        connectorId: r.connectorId,
        image: r.image,
        version: r.version,
        kind: r.kind,
        requestedBy: r.requestedBy ?? r.approvedBy,
        release: release ? { tag: release.tag, url: release.releaseUrl } : null,
      });
      outcome =
        result.kind === 'deployed'
          ? { kind: 'deployed', result: result.detail, attempts: result.attempts }
          : { kind: 'failed', error: result.reason, attempts: result.attempts };
    } catch (error) {
      log.error({ err: error }, 'deployer failed');
      outcome = { kind: 'failed', error: `the ${deps.deployer.name} deployer failed: ${errorMessage(error)}`, attempts: 1 };
    }
  }
  await shown;
  const finished = await deps.store.rollouts.finish(r.id, outcome);
  if (!finished) return deps.store.rollouts.get(r.id);
  log.info({ status: finished.rollout.status, attempts: outcome.attempts }, 'rollout finished');
  await reportRollout(deps, finished.rollout);
  if (finished.rolledBack) await reportRollout(deps, finished.rolledBack);
  await syncDeployment(deps, finished.rollout);
  return finished.rollout;
}

import type { DeployCommand } from '../domain/parse-deploy-command.js';
import type { ConnectorPin, Rollout } from '../domain/rollout-model.js';
import { rollbackTarget } from '../domain/rollout-rollback-target.js';
import type { Deps } from './deps.js';
import { owe } from './owe.js';
import { rolloutThread } from './receive-rollout.js';
import { reportRollout, unpinnedNotice } from './report-rollout.js';
import { requireApprover } from './require-approver.js';
import type { RolloutRunner } from './rollout-runner.js';

export type DeployCommandOutcome =
  | { kind: 'not-allowed' }
  | { kind: 'unknown-connector'; connectorId: string }
  | { kind: 'unknown-version'; connectorId: string; version: string; known: string[] }
  | { kind: 'busy'; inFlight: Rollout }
  | { kind: 'deploying'; rollout: Rollout; pin: ConnectorPin | undefined }
  | { kind: 'rolling-back'; rollout: Rollout; from: Rollout }
  | { kind: 'nothing-deployed'; connectorId: string }
  | { kind: 'no-previous'; current: Rollout }
  | { kind: 'not-pinned'; connectorId: string }
  | { kind: 'unpinned'; connectorId: string; held: Rollout | undefined };

type Command = Exclude<DeployCommand, { kind: 'help' }>;

/**
 * `/deploy <connector> <version> | rollback | unpin`, for approvers only (refusals audited).
 * A connector is known once a build of it was announced: that is where its images come from.
 */
type DeployDeps = Pick<Deps, 'config' | 'directory' | 'store' | 'narrator' | 'deployer'>;
type Runner = Pick<RolloutRunner, 'run'>;

export async function runDeployCommand(deps: DeployDeps, runner: Runner, cmd: Command, userId: string): Promise<DeployCommandOutcome> {
  const allowed = await requireApprover(deps, { userId, subjectType: 'connector', subjectId: cmd.connectorId, action: `/deploy ${cmd.kind}` });
  if (!allowed.allowed) return { kind: 'not-allowed' };
  const history = await deps.store.rollouts.ofConnector(cmd.connectorId);
  if (cmd.kind === 'unpin') return unpin(deps, cmd.connectorId, userId, history);
  if (history.length === 0) return { kind: 'unknown-connector', connectorId: cmd.connectorId };
  return cmd.kind === 'rollback' ? rollback(deps, runner, history, userId) : deployVersion(deps, runner, history, cmd, userId);
}

async function deployVersion(
  deps: DeployDeps,
  runner: Runner,
  history: Rollout[],
  cmd: { connectorId: string; version: string },
  userId: string,
): Promise<DeployCommandOutcome> {
  const build = history.find((r) => r.version === cmd.version);
  if (!build)
    return { kind: 'unknown-version', connectorId: cmd.connectorId, version: cmd.version, known: [...new Set(history.map((r) => r.version))].slice(0, 10) };
  const { rollouts } = deps.store;
  let started: Rollout;
  if (build.status === 'received' || build.status === 'held' || build.status === 'failed') {
    // The build's own rollout (waiting, held while pinned, or failed) goes on, in its own thread.
    const outcome = await rollouts.start(build.id, userId, 'started with /deploy', { approvedBy: userId });
    if (outcome.kind === 'busy') return outcome;
    if (outcome.kind !== 'started') return { kind: 'busy', inFlight: build };
    started = outcome.rollout;
  } else {
    const outcome = await rollouts.record(
      {
        connectorId: cmd.connectorId,
        version: cmd.version,
        image: build.image,
        kind: 'manual',
        source: 'slack',
        needsApproval: false,
        requestedBy: userId,
        rollbackOf: null,
        ...(await rolloutThread(deps, cmd.connectorId, cmd.version)),
      },
      { buildKey: null, actor: userId, reason: `/deploy ${cmd.connectorId} ${cmd.version}: ${build.image}`, startBy: userId },
    );
    if (outcome.kind === 'busy') return outcome;
    started = outcome.rollout;
  }
  await reportRollout(deps, started);
  void runner.run(started.id);
  return { kind: 'deploying', rollout: started, pin: await rollouts.pinOf(cmd.connectorId) };
}

async function rollback(deps: DeployDeps, runner: Runner, history: Rollout[], userId: string): Promise<DeployCommandOutcome> {
  const target = rollbackTarget(history);
  if (target.kind === 'nothing-deployed') return { kind: 'nothing-deployed', connectorId: history[0]!.connectorId };
  if (target.kind === 'no-previous') return target;
  const { current, previous } = target;
  const outcome = await deps.store.rollouts.record(
    {
      connectorId: current.connectorId,
      version: previous.version,
      image: previous.image,
      kind: 'rollback',
      source: 'slack',
      needsApproval: false,
      requestedBy: userId,
      rollbackOf: current.id,
      ...(await rolloutThread(deps, current.connectorId, previous.version)),
    },
    {
      buildKey: null,
      actor: userId,
      reason: `roll back from ${current.image} to ${previous.image}`,
      startBy: userId,
      pin: `rolled back from ${current.version}`,
    },
  );
  if (outcome.kind === 'busy') return outcome;
  await reportRollout(deps, outcome.rollout);
  void runner.run(outcome.rollout.id);
  return { kind: 'rolling-back', rollout: outcome.rollout, from: current };
}

async function unpin(deps: DeployDeps, connectorId: string, userId: string, history: Rollout[]): Promise<DeployCommandOutcome> {
  const unpinned = await deps.store.transaction(async (tx) => {
    const done = await tx.rollouts.unpin(connectorId, userId);
    if (done) await owe(tx, unpinnedNotice(deps, connectorId, userId));
    return done;
  });
  if (!unpinned) return history.length === 0 ? { kind: 'unknown-connector', connectorId } : { kind: 'not-pinned', connectorId };
  return { kind: 'unpinned', connectorId, held: history.find((r) => r.status === 'held') };
}

import type { DeployCommand } from '../domain/parse-deploy-command.js';
import type { ConnectorPin, Rollout } from '../domain/rollout-model.js';
import { rollbackTarget } from '../domain/rollout-rollback-target.js';
import { unpinNotice } from '../slack/blocks/rollout-replies.js';
import type { Deps } from './deps.js';
import { isApprover } from './is-approver.js';
import { bestEffort } from './best-effort.js';
import { rolloutThread } from './receive-rollout.js';
import { reportRollout } from './report-rollout.js';
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
export async function runDeployCommand(deps: Deps, runner: RolloutRunner, cmd: Command, userId: string): Promise<DeployCommandOutcome> {
  if (!(await isApprover(deps, userId))) {
    deps.store.audit.append({
      actor: userId, subjectType: 'connector', subjectId: cmd.connectorId, action: 'refused', fromStatus: null, toStatus: null, reason: `/deploy ${cmd.kind}: not an approver`,
    });
    return { kind: 'not-allowed' };
  }
  const history = deps.store.rollouts.ofConnector(cmd.connectorId);
  if (cmd.kind === 'unpin') return unpin(deps, cmd.connectorId, userId, history);
  if (history.length === 0) return { kind: 'unknown-connector', connectorId: cmd.connectorId };
  return cmd.kind === 'rollback' ? rollback(deps, runner, history, userId) : deployVersion(deps, runner, history, cmd, userId);
}

async function deployVersion(deps: Deps, runner: RolloutRunner, history: Rollout[], cmd: { connectorId: string; version: string }, userId: string): Promise<DeployCommandOutcome> {
  const build = history.find((r) => r.version === cmd.version);
  if (!build) return { kind: 'unknown-version', connectorId: cmd.connectorId, version: cmd.version, known: [...new Set(history.map((r) => r.version))].slice(0, 10) };
  const { rollouts } = deps.store;
  let started: Rollout;
  if (build.status === 'received' || build.status === 'held' || build.status === 'failed') {
    // The build's own rollout (waiting, held while pinned, or failed) goes on, in its own thread.
    const outcome = rollouts.start(build.id, userId, 'started with /deploy', { approvedBy: userId });
    if (outcome.kind === 'busy') return outcome;
    if (outcome.kind !== 'started') return { kind: 'busy', inFlight: build };
    started = outcome.rollout;
  } else {
    const outcome = rollouts.record(
      { connectorId: cmd.connectorId, version: cmd.version, image: build.image, kind: 'manual', source: 'slack', needsApproval: false, requestedBy: userId, rollbackOf: null, ...rolloutThread(deps, cmd.connectorId, cmd.version) },
      { buildKey: null, actor: userId, reason: `/deploy ${cmd.connectorId} ${cmd.version}: ${build.image}`, startBy: userId },
    );
    if (outcome.kind === 'busy') return outcome;
    started = outcome.rollout;
  }
  await reportRollout(deps, started);
  void runner.run(started.id);
  return { kind: 'deploying', rollout: started, pin: rollouts.pinOf(cmd.connectorId) };
}

async function rollback(deps: Deps, runner: RolloutRunner, history: Rollout[], userId: string): Promise<DeployCommandOutcome> {
  const target = rollbackTarget(history);
  if (target.kind === 'nothing-deployed') return { kind: 'nothing-deployed', connectorId: history[0]!.connectorId };
  if (target.kind === 'no-previous') return target;
  const { current, previous } = target;
  const outcome = deps.store.rollouts.record(
    {
      connectorId: current.connectorId, version: previous.version, image: previous.image, kind: 'rollback', source: 'slack', needsApproval: false,
      requestedBy: userId, rollbackOf: current.id, ...rolloutThread(deps, current.connectorId, previous.version),
    },
    {
      buildKey: null, actor: userId, reason: `roll back from ${current.image} to ${previous.image}`, startBy: userId,
      pin: `rolled back from ${current.version}`,
    },
  );
  if (outcome.kind === 'busy') return outcome;
  await reportRollout(deps, outcome.rollout);
  void runner.run(outcome.rollout.id);
  return { kind: 'rolling-back', rollout: outcome.rollout, from: current };
}

async function unpin(deps: Deps, connectorId: string, userId: string, history: Rollout[]): Promise<DeployCommandOutcome> {
  if (!deps.store.rollouts.unpin(connectorId, userId)) return history.length === 0 ? { kind: 'unknown-connector', connectorId } : { kind: 'not-pinned', connectorId };
  await bestEffort(deps, () => deps.slack.postMessage(deps.config.releaseChannel, unpinNotice(connectorId, userId)), 'announce the unpin');
  return { kind: 'unpinned', connectorId, held: history.find((r) => r.status === 'held') };
}

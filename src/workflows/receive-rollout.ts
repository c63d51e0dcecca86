import { repoSettings } from '../config.js';
import { formatTag } from '../domain/parse-tag.js';
import type { BuildNotice, NewRollout, Rollout } from '../domain/rollout-model.js';
import type { Deps } from './deps.js';
import { reportRollout, tellRolloutFrozen } from './report-rollout.js';
import { currentFreeze } from './current-freeze.js';
import type { Freeze } from '../domain/freeze-window.js';

export type ReceiveOutcome =
  | { kind: 'duplicate'; rollout: Rollout }
  | { kind: 'held'; rollout: Rollout }
  | { kind: 'awaiting-approval'; rollout: Rollout }
  | { kind: 'queued'; rollout: Rollout; inFlight: Rollout }
  /** recorded and told; it starts when the freeze ends */
  | { kind: 'frozen'; rollout: Rollout; freeze: Freeze }
  | { kind: 'started'; rollout: Rollout };

/**
 * Where a rollout of this version is told: in the thread of the release the bot made of it,
 * or in its own message in the release channel.
 */
export async function rolloutThread(
  deps: Pick<Deps, 'config' | 'store'>,
  connectorId: string,
  version: string,
): Promise<Pick<NewRollout, 'releaseId' | 'channel' | 'threadTs' | 'ownMessage'>> {
  const tag = formatTag(version, repoSettings(deps.config, connectorId).tagPrefix);
  const release =
    (await deps.store.releases.findByTag(connectorId, tag)) ??
    // A connector's own .github/release-bot.yml may give it another prefix: its releases know their version.
    (await deps.store.releases.history(connectorId, 20)).find((r) => r.nextVersion === version && r.status !== 'failed');
  if (release?.messageTs) return { releaseId: release.id, channel: release.channel, threadTs: release.messageTs, ownMessage: false };
  return { releaseId: release?.id ?? null, channel: deps.config.releaseChannel, threadTs: null, ownMessage: true };
}

/**
 * A connector image CI built: recorded once (the same connector version again is a duplicate),
 * announced, then started at once, or left for an approver (`rollout.requireApproval`), or held
 * (the connector is pinned). The deploy itself is the caller's to run (`runRollout`).
 */
export async function receiveBuild(
  deps: Pick<Deps, 'config' | 'store' | 'narrator' | 'deployer' | 'now'>,
  notice: BuildNotice,
  source: 'build-notice' | 'github-package',
): Promise<ReceiveOutcome> {
  const { store } = deps;
  const recorded = await store.rollouts.record(
    {
      ...notice,
      kind: 'build',
      source,
      needsApproval: deps.config.policy.rollout?.requireApproval ?? false,
      requestedBy: null,
      rollbackOf: null,
      ...(await rolloutThread(deps, notice.connectorId, notice.version)),
    },
    { buildKey: `${notice.connectorId}@${notice.version}`, actor: source === 'build-notice' ? 'ci' : 'github', reason: `${notice.image} from ${source}` },
  );
  if (recorded.kind !== 'recorded') return { kind: 'duplicate', rollout: recorded.kind === 'duplicate' ? recorded.rollout : recorded.inFlight };
  const rollout = await reportRollout(deps, recorded.rollout);
  if (rollout.status === 'held') return { kind: 'held', rollout };
  if (rollout.needsApproval) return { kind: 'awaiting-approval', rollout };
  const freeze = await currentFreeze(deps, rollout.connectorId);
  if (freeze) {
    await tellRolloutFrozen(deps, rollout, freeze);
    return { kind: 'frozen', rollout, freeze };
  }
  const started = await store.rollouts.start(rollout.id, 'bot', 'automatic rollout (rollout.requireApproval is false)');
  if (started.kind === 'busy') return { kind: 'queued', rollout, inFlight: started.inFlight };
  if (started.kind !== 'started') return { kind: 'duplicate', rollout };
  return { kind: 'started', rollout: await reportRollout(deps, started.rollout) };
}

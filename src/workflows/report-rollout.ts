import type { Rollout } from '../domain/rollout-model.js';
import { rolloutMessage, type RolloutView } from '../slack/blocks/rollout-message.js';
import { releaseParent } from './release-parent.js';
import { rolloutReply } from '../slack/blocks/rollout-replies.js';
import type { Deps } from './deps.js';

export function rolloutView(deps: Deps, r: Rollout): RolloutView {
  const rollouts = deps.store.rollouts;
  const other = r.kind === 'rollback' && r.rollbackOf !== null ? rollouts.get(r.rollbackOf) : r.status === 'rolled_back' ? rollouts.rolledBackBy(r.id) : undefined;
  return { rollout: r, deployer: deps.deployer?.name ?? null, pin: rollouts.pinOf(r.connectorId), other };
}

/**
 * Tells Slack where a rollout is: posts its own parent message when it has none yet, updates
 * the parent in place (its own, or the release's), and replies in the thread once per status.
 * What was told is recorded, so a restart tells what a crash left untold, and only that.
 * Slack being down never stops a rollout: the failure is logged and told later.
 */
export async function reportRollout(deps: Deps, rollout: Rollout): Promise<Rollout> {
  const log = deps.logger.child({ rolloutId: rollout.id, connectorId: rollout.connectorId });
  let r = rollout;
  const view = rolloutView(deps, r);
  try {
    if (!r.threadTs) {
      const { ts } = await deps.slack.postMessage(r.channel, rolloutMessage(view));
      deps.store.rollouts.setThread(r.id, ts);
      r = deps.store.rollouts.get(r.id)!;
    } else {
      await updateParent(deps, { ...view, rollout: r });
    }
  } catch (error) {
    log.warn({ err: error }, 'could not post or update the rollout message');
    return r;
  }
  if (r.reported === r.status) return r;
  try {
    await deps.slack.postMessage(r.channel, rolloutReply({ ...view, rollout: r }), r.threadTs!);
    deps.store.rollouts.setReported(r.id, r.status);
  } catch (error) {
    log.warn({ err: error }, 'could not reply in the rollout thread');
  }
  return deps.store.rollouts.get(r.id)!;
}

async function updateParent(deps: Deps, view: RolloutView): Promise<void> {
  const r = view.rollout;
  if (r.ownMessage) return deps.slack.updateMessage(r.channel, r.threadTs!, rolloutMessage(view));
  const release = r.releaseId === null ? undefined : deps.store.releases.get(r.releaseId);
  if (release?.messageTs === r.threadTs) await deps.slack.updateMessage(r.channel, r.threadTs!, releaseParent(deps, release));
}

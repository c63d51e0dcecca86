import type { Release } from '../domain/release.js';
import type { Rollout } from '../domain/rollout-model.js';
import type { Deps } from './deps.js';
import { owe } from './owe.js';
import { parentUpdate, proposalKey } from './owe-release-messages.js';
import type { OwedMessage } from './ports/outbox.js';
import { rolloutView } from './rollout-view.js';
import type { Freeze } from '../domain/freeze-window.js';

const parentKey = (r: Pick<Rollout, 'id'>) => `rollout:${r.id}:parent`;

/**
 * Owes Slack where a rollout is (DESIGN.md §6): its own parent message the first time (when the
 * bot did not release that version), the parent updated in place (its own, or the release's it
 * is told under), and one thread reply per status, recorded in the same unit of work, so a
 * restart owes only what was never owed. The outbox sends them; Slack being down never stops a
 * rollout.
 */
export async function reportRollout(deps: Pick<Deps, 'store' | 'narrator' | 'config' | 'deployer'>, rollout: Rollout): Promise<Rollout> {
  const view = await rolloutView(deps, rollout);
  const release = await releaseTelling(deps, rollout);
  const r = rollout;
  const owed: OwedMessage[] = [];
  const thread = threadOf(r, release);
  if (!release) {
    const parent = deps.narrator.rolloutParent(view);
    // Keyed: owing the post again is a no-op; once it was told, its content changes by update.
    owed.push({ key: parentKey(r), lane: thread.lane, kind: 'post', channel: r.channel, message: parent, records: { table: 'rollouts', id: r.id } });
    if (r.threadTs !== null || r.reported !== null)
      owed.push({ lane: thread.lane, kind: 'update', channel: r.channel, refTs: r.threadTs, refKey: parentKey(r), message: parent });
  } else {
    owed.push(...parentUpdate(deps, release, view));
  }
  return deps.store.transaction(async (tx) => {
    await owe(tx, owed);
    if (r.reported !== r.status) {
      await owe(tx, { ...thread, kind: 'post', channel: r.channel, message: deps.narrator.rolloutReply(view) });
      await tx.rollouts.setReported(r.id, r.status);
    }
    return (await tx.rollouts.get(r.id)) ?? r;
  });
}

type Thread = Pick<OwedMessage, 'lane' | 'refTs' | 'refKey'>;

/** The release whose thread tells the rollout; undefined when the rollout has its own message. */
async function releaseTelling(deps: Pick<Deps, 'store'>, r: Rollout): Promise<Release | undefined> {
  return !r.ownMessage && r.releaseId !== null ? deps.store.releases.get(r.releaseId) : undefined;
}

function threadOf(r: Rollout, release: Release | undefined): Thread {
  if (!release) return { lane: `rollout:${r.id}`, refTs: r.threadTs, refKey: parentKey(r) };
  return { lane: `release:${release.id}`, refTs: r.threadTs, refKey: proposalKey(release) };
}

/** Where a reply about the rollout goes: its own message's thread, or its release's. */
export async function rolloutThreadOf(deps: Pick<Deps, 'store'>, r: Rollout): Promise<Thread> {
  return threadOf(r, await releaseTelling(deps, r));
}

/**
 * In a rollout's thread, once per freeze (and audited): the build is recorded and waits for the freeze to end.
 * Its parent was owed when it was received, and is found by its key.
 */
export async function tellRolloutFrozen(deps: Pick<Deps, 'store' | 'narrator' | 'deployer'>, r: Rollout, freeze: Freeze): Promise<void> {
  const key = `rollout:${r.id}:frozen:${freeze.id}`;
  if (await deps.store.outbox.wasOwed(key)) return;
  const view = await rolloutView(deps, r);
  const thread = await rolloutThreadOf(deps, r);
  await deps.store.transaction(async (tx) => {
    // checked again in the unit of work: the build's route and the runner may both get here
    if (await tx.outbox.wasOwed(key)) return;
    await owe(tx, { ...thread, key, kind: 'post', channel: r.channel, message: deps.narrator.rolloutFrozen(view, freeze) });
    await tx.audit.append({
      actor: 'bot',
      subjectType: 'rollout',
      subjectId: String(r.id),
      action: 'held',
      fromStatus: r.status,
      toStatus: r.status,
      reason: `frozen (${freeze.source}, ${freeze.scope}): ${freeze.reason}`,
    });
  });
}

/** In the release channel, once: automatic rollouts of a connector resumed. */
export function unpinnedNotice(deps: Pick<Deps, 'narrator' | 'config'>, connectorId: string, by: string): OwedMessage {
  return { lane: `connector:${connectorId}`, kind: 'post', channel: deps.config.releaseChannel, message: deps.narrator.unpinned(connectorId, by) };
}

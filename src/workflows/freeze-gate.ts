import { bypasses } from '../domain/bypass.js';
import type { Freeze } from '../domain/freeze-window.js';
import type { Release } from '../domain/release.js';
import { currentFreeze, type FreezeDeps } from './current-freeze.js';
import type { Deps } from './deps.js';
import { owe } from './owe.js';
import { parentUpdate, reply } from './owe-release-messages.js';

type GateDeps = FreezeDeps & Pick<Deps, 'narrator'>;

/** The freeze that holds this release now, unless break-glass released it past freezes. */
export async function freezeHolding(deps: FreezeDeps, release: Release): Promise<Freeze | null> {
  if (bypasses(release.bypasses, 'freeze')) return null;
  return currentFreeze(deps, release.repo);
}

/**
 * The freeze gate of an approved release, before its first step (a release already tagging
 * finishes). Frozen: the release stays approved, marked with the freeze, and its thread says it
 * is held, once per freeze (the reply is keyed by it); the caller stops there. Not frozen (any
 * more): the mark is lifted, and the caller goes on. Returns the release as it stands, and
 * whether it is held.
 */
export async function passFreezeGate(deps: GateDeps, release: Release): Promise<{ release: Release; held: boolean }> {
  const freeze = await freezeHolding(deps, release);
  if (!freeze) {
    if (!release.frozen) return { release, held: false };
    const lifted = await deps.store.transaction(async (tx) => {
      const r = (await tx.releases.setFrozen(release.id, null)) ?? release;
      await owe(tx, parentUpdate(deps, r));
      return r;
    });
    return { release: lifted, held: false };
  }
  const key = `release:${release.id}:held:${freeze.id}`;
  if (release.frozen?.id === freeze.id && (await deps.store.outbox.wasOwed(key))) return { release, held: true };
  const held = await deps.store.transaction(async (tx) => {
    // a proposal made during this freeze carries it already, and its message shows the approval held
    const marked = release.frozen?.id === freeze.id;
    const r = marked ? release : ((await tx.releases.setFrozen(release.id, freeze)) ?? release);
    await owe(tx, marked ? [] : parentUpdate(deps, r), { ...reply(deps, r, { kind: 'held', freeze })[0]!, key });
    await tx.audit.append({
      actor: 'bot',
      subjectType: 'release',
      subjectId: String(r.id),
      action: 'held',
      fromStatus: r.status,
      toStatus: r.status,
      reason: `frozen (${freeze.source}, ${freeze.scope}): ${freeze.reason}`,
    });
    return r;
  });
  return { release: held, held: true };
}

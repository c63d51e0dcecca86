import type { Release } from '../domain/release.js';
import type { RolloutView } from './ports/narrator.js';
import { rolloutView, type RolloutViewDeps } from './rollout-view.js';

/**
 * The rollout told in a release's thread, if any: every update of the release's parent message
 * shows it too, so no update drops the other's part.
 */
export async function rolloutInThread(deps: RolloutViewDeps, release: Release): Promise<RolloutView | undefined> {
  const rollout = await deps.store.rollouts.latestInReleaseThread(release.id);
  return rollout && rollout.threadTs !== null && rollout.threadTs === release.messageTs ? rolloutView(deps, rollout) : undefined;
}

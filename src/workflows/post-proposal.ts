import type { Release } from '../domain/release.js';
import type { Deps } from './deps.js';
import { oweProposal } from './owe-release-messages.js';

/**
 * Owes the Slack message of a recorded proposal that has none yet; the outbox posts it and
 * records its ts. Owing it twice (on start-up, say) changes nothing: the key is the release's.
 */
export async function postProposal(deps: Deps, release: Release): Promise<Release> {
  if (release.messageTs) return release;
  oweProposal(deps, release);
  return release;
}

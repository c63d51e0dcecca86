import type { Release } from '../domain/release.js';
import type { Deps } from './deps.js';
import { owe } from './owe.js';
import { proposal } from './owe-release-messages.js';

/**
 * Owes the Slack message of a recorded proposal that has none yet; the outbox posts it and
 * records its ts. Owing it twice (on start-up, say) changes nothing: the key is the release's.
 */
export async function postProposal(deps: Pick<Deps, 'store' | 'narrator' | 'config'>, release: Release): Promise<Release> {
  if (release.messageTs) return release;
  await owe(deps.store, proposal(deps, release));
  return release;
}

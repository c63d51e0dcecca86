import type { Release } from '../domain/release.js';
import { releaseMessage } from '../slack/blocks/release-message.js';
import type { Deps } from './deps.js';

/** Posts a recorded proposal that has no Slack message yet, and remembers the message. */
export async function postProposal(deps: Deps, release: Release): Promise<Release> {
  if (release.messageTs) return release;
  const { ts } = await deps.slack.postMessage(release.channel, releaseMessage(release));
  deps.store.releases.setMessage(release.id, ts);
  return deps.store.releases.get(release.id)!;
}

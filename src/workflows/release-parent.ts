import type { Release } from '../domain/release.js';
import { releaseMessage } from '../slack/blocks/release-message.js';
import { withRollout } from '../slack/blocks/rollout-message.js';
import type { SlackMessage } from '../slack/slack-port.js';
import type { Deps } from './deps.js';
import { rolloutView } from './report-rollout.js';

/**
 * A release's parent message as it stands: the release, and its rollout when one is told in
 * its thread. Every update of the parent goes through here, so no update drops the other's part.
 */
export function releaseParent(deps: Deps, release: Release): SlackMessage {
  const rollout = deps.store.rollouts.latestInReleaseThread(release.id);
  const message = releaseMessage(release);
  return rollout && rollout.threadTs === release.messageTs ? withRollout(message, rolloutView(deps, rollout)) : message;
}

import type { Narrator, ReleaseEvent } from '../workflows/ports/narrator.js';
import { batchCard, batchSummary } from './blocks/batch-card.js';
import { releaseMessage } from './blocks/release-message.js';
import { releaseNotice, releaseReplies, textMessage } from './blocks/release-replies.js';
import { rolloutMessage, withRollout } from './blocks/rollout-message.js';
import { deploymentProblemReply, rolloutReply, unpinNotice } from './blocks/rollout-replies.js';
import { digestMessage } from './blocks/digest-message.js';
import { freezeNoticeMessage, freezeReplies } from './blocks/freeze-text.js';

/** The narrator as Slack tells it: each view model rendered to Block Kit by the pure renderers in `blocks/`. */
export const slackNarrator: Narrator = {
  releaseParent: (release, rollout) => (rollout ? withRollout(releaseMessage(release), rollout) : releaseMessage(release)),
  releaseReply: (release, event) => releaseReply(release, event),
  releaseNotice,
  batchCard,
  batchReply: (_batch, e) => {
    switch (e.kind) {
      case 'approved':
        return textMessage(
          `:thumbsup: <@${e.by}> approved the release train: ${e.started} connector${e.started === 1 ? '' : 's'}.${e.busy ? ` ${e.busy} could not start (another release in flight).` : ''}`,
        );
      case 'retried':
        return textMessage(`:repeat: <@${e.by}> retried ${e.count} failed connector${e.count === 1 ? '' : 's'}.`);
      case 'approval-counted':
        return textMessage(`:thumbsup: <@${e.by}> approved the release train: ${e.count} of ${e.required} approvals; it leaves at ${e.required}.`);
      case 'held':
        return freezeReplies.trainHeld(e.freeze);
      case 'approvals-reset':
        return textMessage(
          `:arrows_counterclockwise: <@${e.by}> changed a connector: the ${e.count} approval${e.count === 1 ? '' : 's'} given so far ${e.count === 1 ? 'was' : 'were'} for another train and no longer count${e.count === 1 ? 's' : ''}.`,
        );
    }
  },
  batchSummary,
  rolloutParent: rolloutMessage,
  rolloutReply,
  rolloutDeploymentProblem: deploymentProblemReply,
  unpinned: unpinNotice,
  digest: digestMessage,
  freezeNotice: freezeNoticeMessage,
  rolloutFrozen: (v, freeze) => freezeReplies.rolloutFrozen(v.rollout.image, freeze),
};

function releaseReply(r: Parameters<Narrator['releaseReply']>[0], e: ReleaseEvent) {
  switch (e.kind) {
    case 'approved':
      return releaseReplies.approved(r);
    case 'tagged':
      return releaseReplies.tagged(r, e.found);
    case 'published':
      return releaseReplies.published(r, e.existed);
    case 'failed':
      return releaseReplies.failed(r);
    case 'skipped':
      return releaseReplies.skipped(e.by);
    case 'bump-changed':
      return releaseReplies.bumpChanged(r, e.by, e.approvalsReset ?? 0);
    case 'approval-counted':
      return releaseReplies.approvalCounted(r, e.by);
    case 'expired':
      return releaseReplies.expired(r);
    case 'retried':
      return releaseReplies.retried(r, e.by);
    case 'held':
      return freezeReplies.held(e.freeze);
    case 'bypassed':
      return freezeReplies.bypassed(e.by, e.reason, e.what);
    case 'checks-waiting':
      return releaseReplies.checksWaiting(r);
    case 'checks-green':
      return releaseReplies.checksGreen(r);
  }
}

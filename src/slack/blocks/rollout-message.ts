import type { ConnectorPin, Rollout } from '../../domain/rollout-model.js';
import type { RolloutView } from '../../workflows/ports/narrator.js';

export type { RolloutView };
import { formatDuration, rolloutDurationMs } from '../../domain/rollout-duration.js';
import { escapeMrkdwn } from '../../domain/escape-mrkdwn.js';
import { truncate } from '../../domain/truncate.js';
import { ACTIONS } from '../action-ids.js';
import type { Block, SlackMessage } from '../slack-port.js';
import { LIMITS, button, code, context, header, section } from './mrkdwn.js';

const by = (user: string | null) => (user ? ` by <@${user}>` : '');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function pinText(pin: ConnectorPin): string {
  return `pinned${pin.version ? ` to ${code(pin.version)}` : ''}${by(pin.pinnedBy)} (${escapeMrkdwn(truncate(pin.reason, 100))})`;
}

/** One line: where the rollout is, with the duration once it is over. */
export function rolloutStatusLine(v: RolloutView): string {
  const r = v.rollout;
  const took = rolloutDurationMs(r);
  const duration = took === null ? '' : ` in ${formatDuration(took)}`;
  switch (r.status) {
    case 'received':
      return r.needsApproval
        ? ':raised_hand: Waiting for an approver to click *Deploy*.'
        : ':hourglass_flowing_sand: Received; rolls out when the rollout before it is done.';
    case 'held':
      return `:pushpin: Not deployed: ${code(r.connectorId)} is ${v.pin ? pinText(v.pin) : 'pinned'}.`;
    case 'deploying':
      return `:rocket: Deploying${v.deployer ? ` with the ${v.deployer} deployer` : ''}…${r.approvedBy ? ` (started${by(r.approvedBy)})` : ''}`;
    case 'deployed':
      return `:white_check_mark: Deployed${duration}${r.attempts > 1 ? ` after ${plural(r.attempts, 'attempt')}` : ''}${r.approvedBy ? `, started${by(r.approvedBy)}` : ''}.`;
    case 'failed':
      return `:x: Failed${duration}${r.attempts > 0 ? ` after ${plural(r.attempts, 'attempt')}` : ''}: ${escapeMrkdwn(truncate(r.error ?? 'unknown error', 1500))}`;
    case 'rolled_back':
      return `:leftwards_arrow_with_hook: Rolled back${v.other ? ` to ${code(v.other.version)}${by(v.other.requestedBy)}` : ''}.`;
  }
}

/** The Deploy button while it waits for approval, the Retry button after a failure; nothing otherwise. */
export function rolloutActions(r: Rollout): Block | null {
  if (r.status === 'received' && r.needsApproval) {
    return {
      type: 'actions',
      block_id: `rollout_${r.id}`,
      elements: [button({ actionId: ACTIONS.deployRollout, text: `Deploy ${r.version}`, value: String(r.id), style: 'primary' })],
    };
  }
  if (r.status === 'failed') {
    return {
      type: 'actions',
      block_id: `rollout_${r.id}`,
      elements: [button({ actionId: ACTIONS.retryRollout, text: 'Retry', value: String(r.id), style: 'primary' })],
    };
  }
  return null;
}

function title(r: Rollout): string {
  return r.kind === 'rollback' ? `Rollback of ${r.connectorId} to ${r.version}` : `Rollout of ${r.connectorId} ${r.version}`;
}

function plainStatus(r: Rollout): string {
  return { received: 'received', held: 'not deployed (pinned)', deploying: 'deploying', deployed: 'deployed', failed: 'failed', rolled_back: 'rolled back' }[
    r.status
  ];
}

/** The rollout's own parent message (no release of this version to tell it in), updated in place. */
export function rolloutMessage(v: RolloutView): SlackMessage {
  const r = v.rollout;
  const source = { 'build-notice': 'CI build notice', 'github-package': 'GitHub Packages', slack: `/deploy${by(r.requestedBy)}` }[r.source];
  const blocks: Block[] = [
    header(title(r)),
    section(`*${escapeMrkdwn(r.connectorId)}* ${code(r.version)} → production\nImage ${code(r.image)}`),
    section(rolloutStatusLine(v)),
  ];
  const actions = rolloutActions(r);
  if (actions) blocks.push(actions);
  blocks.push(context(`rollout #${r.id}`, `from ${source}`, ...(v.deployer ? [`${v.deployer} deployer`] : [])));
  return { text: `${title(r)}: ${plainStatus(r)}`, blocks };
}

/** A release's parent message with its rollout shown under it (the release thread tells the rollout). */
export function withRollout(parent: SlackMessage, v: RolloutView): SlackMessage {
  const r = v.rollout;
  const added: Block[] = [{ type: 'divider' }, section(`*Rollout* of ${code(r.image)}\n${rolloutStatusLine(v)}`)];
  const actions = rolloutActions(r);
  if (actions) added.push(actions);
  const blocks = [...(parent.blocks ?? []).slice(0, LIMITS.blocks - added.length), ...added];
  return { text: `${parent.text}. Rollout ${plainStatus(r)}`, blocks };
}

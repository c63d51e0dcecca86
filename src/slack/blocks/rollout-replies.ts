import type { Rollout } from '../../domain/rollout-model.js';
import { escapeMrkdwn } from '../../domain/escape-mrkdwn.js';
import { truncate } from '../../domain/truncate.js';
import type { DeployCommandOutcome } from '../../workflows/deploy-command.js';
import type { RolloutDecision } from '../../workflows/decide-rollout.js';
import type { SlackMessage } from '../slack-port.js';
import { code, section } from './mrkdwn.js';
import { pinText, rolloutStatusLine, type RolloutView } from './rollout-message.js';

const plain = (text: string): SlackMessage => ({ text, blocks: [section(text)] });
const name = (connectorId: string) => `*${escapeMrkdwn(connectorId)}*`;

/** The thread reply for the status a rollout has just reached. */
export function rolloutReply(v: RolloutView): SlackMessage {
  const r = v.rollout;
  const what = `${code(r.image)}`;
  switch (r.status) {
    case 'received': {
      const from = r.source === 'github-package' ? 'GitHub Packages' : 'the CI build notice';
      return plain(`:inbox_tray: Image ${what} received from ${from}.${r.needsApproval ? ' An approver can click *Deploy* to roll it out.' : ''}`);
    }
    case 'held': {
      const pinned = v.pin ? pinText(v.pin) : 'pinned';
      const id = escapeMrkdwn(r.connectorId);
      return plain(
        `:pushpin: Image ${what} received, not deployed: ${name(r.connectorId)} is ${pinned}. ` +
          `\`/deploy ${id} ${escapeMrkdwn(r.version)}\` deploys it anyway; \`/deploy ${id} unpin\` resumes automatic rollouts.`,
      );
    }
    case 'deploying':
      if (r.kind === 'rollback') {
        const from = v.other ? ` from ${code(v.other.version)}` : '';
        return plain(
          `:leftwards_arrow_with_hook: <@${r.requestedBy}> is rolling ${name(r.connectorId)} back${from} to ${code(r.version)} (${what}). ` +
            `${name(r.connectorId)} is ${v.pin ? pinText(v.pin) : 'pinned'}: new builds are announced, not deployed, until \`/deploy ${escapeMrkdwn(r.connectorId)} unpin\`.`,
        );
      }
      return plain(rolloutStatusLine(v));
    case 'deployed':
      return plain(`${rolloutStatusLine(v)}\n${what} is in production${r.result ? `: ${escapeMrkdwn(truncate(r.result, 500))}` : ''}`);
    case 'failed':
      return plain(`${rolloutStatusLine(v)}\nAn approver can click *Retry* on the message above.`);
    case 'rolled_back':
      return plain(`${rolloutStatusLine(v)} ${what} is no longer in production.`);
  }
}

/** In the rollout's thread, once: the GitHub deployment that shows it could not be made or kept up to date; the rollout is not affected. */
export function deploymentProblemReply(r: Rollout, problem: string): SlackMessage {
  return plain(
    `:warning: GitHub deployment of ${name(r.connectorId)} ${code(r.version)} not recorded: ${escapeMrkdwn(truncate(problem, 500))}. ` +
      "The rollout goes on without it; the repository's Deployments page does not show it.",
  );
}

const NOT_ALLOWED = ':no_entry: Only release approvers may deploy, retry, roll back or unpin. Ask one of them, or ask to be added to `RELEASE_APPROVERS`.';

/** Why a Deploy or Retry click changed nothing. */
export function rolloutDecisionText(o: Exclude<RolloutDecision, { kind: 'done' }>): string {
  switch (o.kind) {
    case 'not-allowed':
      return NOT_ALLOWED;
    case 'unknown':
      return 'This rollout no longer exists.';
    case 'not-startable':
      return `Rollout #${o.rollout.id} of ${name(o.rollout.connectorId)} ${code(o.rollout.version)} is already ${o.rollout.status.replace('_', ' ')}; nothing changed.`;
    case 'busy':
      return busy(o.inFlight);
  }
}

function busy(inFlight: Rollout): string {
  return `Rollout #${inFlight.id} of ${name(inFlight.connectorId)} (${code(inFlight.version)}) is in flight; try again when it is done. Nothing changed.`;
}

/** The answer to `/deploy …`, seen only by the caller. */
export function deployCommandText(o: DeployCommandOutcome): string {
  switch (o.kind) {
    case 'not-allowed':
      return NOT_ALLOWED;
    case 'unknown-connector':
      return `No build of ${name(o.connectorId)} has been announced yet, so the bot knows no image of it. Check the name; CI announces builds with \`POST /api/builds\`. Nothing changed.`;
    case 'unknown-version': {
      const known = o.known.length > 0 ? ` Known versions: ${o.known.map(code).join(', ')}.` : '';
      return `No build of ${name(o.connectorId)} ${code(o.version)} has been announced.${known} Nothing changed.`;
    }
    case 'busy':
      return busy(o.inFlight);
    case 'deploying':
      return `:rocket: Deploying ${name(o.rollout.connectorId)} ${code(o.rollout.version)} (rollout #${o.rollout.id}).${o.pin ? ` The connector stays ${pinText(o.pin)}.` : ''}`;
    case 'rolling-back':
      return `:leftwards_arrow_with_hook: Rolling ${name(o.rollout.connectorId)} back from ${code(o.from.version)} to ${code(o.rollout.version)} (rollout #${o.rollout.id}); the connector is pinned until \`/deploy ${escapeMrkdwn(o.rollout.connectorId)} unpin\`.`;
    case 'nothing-deployed':
      return `Nothing of ${name(o.connectorId)} has been deployed by the bot: there is nothing to roll back. Nothing changed.`;
    case 'no-previous':
      return `${name(o.current.connectorId)} ${code(o.current.version)} is the only image the bot has deployed: there is no earlier one to roll back to. Nothing changed.`;
    case 'not-pinned':
      return `${name(o.connectorId)} is not pinned; nothing changed.`;
    case 'unpinned': {
      const held = o.held
        ? ` The newest build not deployed while pinned is ${code(o.held.version)}: \`/deploy ${escapeMrkdwn(o.connectorId)} ${escapeMrkdwn(o.held.version)}\` deploys it.`
        : '';
      return `:pushpin: Unpinned ${name(o.connectorId)}: new builds roll out again.${held}`;
    }
  }
}

/** In the release channel, so the team sees that automatic rollouts of a connector resumed. */
export function unpinNotice(connectorId: string, user: string): SlackMessage {
  return plain(`:pushpin: <@${user}> unpinned ${name(connectorId)}: new builds roll out again.`);
}

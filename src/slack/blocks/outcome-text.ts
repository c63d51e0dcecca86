import type { DecisionOutcome } from '../../workflows/decide-release.js';
import type { ProposalOutcome } from '../../workflows/propose-release.js';
import type { BatchDecision } from '../../workflows/decide-batch.js';
import { escapeMrkdwn } from '../../domain/escape-mrkdwn.js';
import type { ApprovalPolicy } from '../../domain/approval-policy.js';
import type { Refusal } from '../../workflows/require-approver.js';
import { LEFT_OUT_LABEL, type LeftOut, type LeftOutReason } from '../../domain/batch.js';

/** The one place where expected outcomes become words for the user. */
export function proposalOutcomeText(repo: string, o: Exclude<ProposalOutcome, { kind: 'proposed' } | { kind: 'dry-run' }>, org: string): string {
  const name = `*${escapeMrkdwn(repo)}*`;
  switch (o.kind) {
    case 'unknown-repo':
      return `There is no repository ${name} in ${escapeMrkdwn(org)}. Check the name (\`/release <repo>\`).`;
    case 'archived':
      return `${name} is archived: it cannot be released.`;
    case 'excluded':
      return `${name} is excluded from releases by \`exclude\` in release-bot.yml.`;
    case 'unknown-branch':
      return `${name} has no release branch ${escapeMrkdwn(o.branch)}: releases come from ${o.configured.map((b) => `\`${escapeMrkdwn(b)}\``).join(', ')} (\`branches\` in release-bot.yml). Nothing changed.`;
    case 'nothing-to-release':
      return `Nothing to release in ${name}: ${escapeMrkdwn(o.detail)}.`;
  }
}

function refusalText(why: Refusal, action: string, what: string): string {
  if (why === 'self-approval')
    return `:no_entry: You asked for this ${what}, and its policy says \`selfApproval: false\`: somebody else must approve it. Nothing changed.`;
  return `:no_entry: Only release approvers may ${action}. Ask one of them, or ask to be added to \`RELEASE_APPROVERS\`.`;
}

const tally = (approvals: readonly unknown[], policy: ApprovalPolicy | null) => `${approvals.length} of ${policy?.requiredApprovals ?? 1}`;

export function decisionOutcomeText(o: Exclude<DecisionOutcome, { kind: 'done' }>, action: string): string {
  switch (o.kind) {
    case 'not-allowed':
      return refusalText(o.why, action, 'release');
    case 'already-approved':
      return `You approved \`${escapeMrkdwn(o.release.tag)}\` already; ${tally(o.release.approvals, o.release.policy)} approvals. An approval counts once per person.`;
    case 'unknown':
      return 'This release no longer exists.';
    case 'not-proposed': {
      if (o.release.status === 'expired')
        return `This proposal expired${o.release.policy?.expireAfter ? ` after ${o.release.policy.expireAfter.text}` : ''}: run \`/release ${escapeMrkdwn(o.release.repo)}\` again. Nothing changed.`;
      const who = o.release.approvedBy ? ` by <@${o.release.approvedBy}>` : '';
      return `Release \`${o.release.tag}\` is already ${o.release.status}${who}; nothing changed.`;
    }
    case 'busy':
      return `Another release of *${escapeMrkdwn(o.inFlight.repo)}* (\`${o.inFlight.tag}\`) is in flight; approve this one when it is done.`;
    case 'tag-taken':
      return `\`${escapeMrkdwn(o.tag)}\` already exists on \`${o.commitSha.slice(0, 7)}\`, not on the proposed commit \`${o.release.sha.slice(0, 7)}\`; the bot never moves a tag. Pick another bump, or delete the tag on GitHub. Nothing changed.`;
  }
}

export function batchDecisionText(o: Exclude<BatchDecision, { kind: 'done' }>, action: string): string {
  switch (o.kind) {
    case 'not-allowed':
      return refusalText(o.why, action, 'release train');
    case 'already-approved':
      return `You approved release train #${o.batch.id} already; ${tally(o.batch.approvals, o.batch.policy)} approvals. An approval counts once per person.`;
    case 'unknown':
      return 'This release train no longer exists.';
    case 'not-open':
      return `Release train #${o.batch.id} is ${o.batch.status}${o.batch.approvedBy ? ` (approved by <@${o.batch.approvedBy}>)` : ''}; nothing changed.`;
  }
}

/** `/connectors batch` when no connector has unreleased commits: how many were left out, and why. */
export function nothingToReleaseText(leftOut: readonly LeftOut[]): string {
  const counts = (Object.keys(LEFT_OUT_LABEL) as LeftOutReason[])
    .map((reason) => [leftOut.filter((l) => l.reason === reason).length, LEFT_OUT_LABEL[reason]] as const)
    .filter(([n]) => n > 0);
  return `No connector has anything to release${counts.length ? ` (${counts.map(([n, label]) => `${n} ${label}`).join(', ')})` : ''}.`;
}

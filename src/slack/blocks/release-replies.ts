import type { Release } from '../../domain/release.js';
import { escapeMrkdwn } from '../../domain/escape-mrkdwn.js';
import { truncate } from '../../domain/truncate.js';
import type { SlackMessage } from '../slack-port.js';
import { code, link, section, shortSha } from './mrkdwn.js';
import { checksLine } from './checks-line.js';

const plain = (text: string): SlackMessage => ({ text, blocks: [section(text)] });

/** Thread replies, one per step of a release. */
export const releaseReplies = {
  approved: (r: Release) => plain(`:thumbsup: <@${r.approvedBy}> approved ${code(r.tag)}.`),
  tagged: (r: Release, existed: boolean) =>
    plain(
      existed
        ? `:label: Tag ${code(r.tag)} already pointed at ${code(shortSha(r.sha))}: counted as done.`
        : `:label: Tagged ${code(r.tag)} on ${code(shortSha(r.sha))}.`,
    ),
  published: (r: Release, existed: boolean) =>
    plain(
      `:package: ${existed ? 'The GitHub release already existed' : 'Published the GitHub release'} ${link(r.releaseUrl ?? r.repoUrl, r.tag)}${r.draft ? ' (draft)' : ''}.`,
    ),
  failed: (r: Release) => plain(`:x: Release ${code(r.tag)} failed: ${escapeMrkdwn(truncate(r.error ?? 'unknown error', 2500))}`),
  checksWaiting: (r: Release) =>
    plain(
      `:hourglass_flowing_sand: ${code(r.tag)} waits for the checks of ${code(shortSha(r.sha))}: ${r.checks ? checksLine(r.checks) : 'not read yet'}. It goes on by itself when they pass.`,
    ),
  checksGreen: (r: Release) => plain(`:white_check_mark: The checks of ${code(shortSha(r.sha))} passed: tagging ${code(r.tag)}.`),
  retried: (r: Release, user: string) => plain(`:repeat: <@${user}> retried ${code(r.tag)}.`),
  skipped: (user: string) => plain(`:no_entry_sign: <@${user}> skipped this release.`),
  bumpChanged: (r: Release, user: string, approvalsReset: number) =>
    plain(
      `:twisted_rightwards_arrows: <@${user}> changed the bump to *${r.bump}*: ${code(r.tag)}.${
        approvalsReset > 0
          ? ` The ${approvalsReset} approval${approvalsReset === 1 ? '' : 's'} given so far ${approvalsReset === 1 ? 'was' : 'were'} for another version: approvals start again (0 of ${r.policy?.requiredApprovals ?? 1}).`
          : ''
      }`,
    ),
  approvalCounted: (r: Release, user: string) =>
    plain(`:thumbsup: <@${user}> approved ${code(r.tag)}: ${r.approvals.length} of ${r.policy?.requiredApprovals ?? 1} approvals.`),
  expired: (r: Release) =>
    plain(
      `:hourglass: ${code(r.tag)} expired${r.policy?.expireAfter ? ` after ${r.policy.expireAfter.text}` : ''} with ${r.approvals.length} of ${r.policy?.requiredApprovals ?? 1} approvals: run ${code(`/release ${r.repo}`)} again.`,
    ),
};

/** The final notice in the release channel. */
export function releaseNotice(r: Release): SlackMessage {
  const url = r.releaseUrl ?? r.repoUrl;
  const text = `:rocket: *${escapeMrkdwn(r.repo)}* ${link(url, r.tag)} is released${r.approvedBy ? `, approved by <@${r.approvedBy}>` : ''}.`;
  return { text: `${r.repo} ${r.tag} is released: ${url}`, blocks: [section(text)] };
}

/** `/release history <repo>`: the last ten releases and who approved them. */
export function historyMessage(repo: string, releases: readonly Release[]): SlackMessage {
  if (releases.length === 0) return plain(`No releases of *${escapeMrkdwn(repo)}* made by the bot yet.`);
  const lines = releases.map((r) => {
    const tag = r.releaseUrl ? link(r.releaseUrl, r.tag) : code(r.tag);
    const approvers = r.approvals.length > 0 ? r.approvals.map((a) => a.user) : r.approvedBy ? [r.approvedBy] : [];
    const who = approvers.length > 0 ? `approved by ${approvers.map((u) => `<@${u}>`).join(', ')}` : 'not approved';
    return `• ${tag} (${r.bump}) ${r.status === 'notified' || r.status === 'published' ? '' : `_${r.status}_ `}${who}, ${r.createdAt.slice(0, 10)}`;
  });
  return plain(`*Last ${releases.length} release${releases.length === 1 ? '' : 's'} of ${escapeMrkdwn(repo)}*\n${lines.join('\n')}`);
}

export const textMessage = plain;

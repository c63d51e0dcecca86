import { checksHolding } from '../../domain/bypass.js';
import type { Release } from '../../domain/release.js';
import type { BumpReason } from '../../domain/analyze-commits.js';
import { bumpRank } from '../../domain/bump.js';
import { escapeMrkdwn } from '../../domain/escape-mrkdwn.js';
import { truncate } from '../../domain/truncate.js';
import { formatTag } from '../../domain/parse-tag.js';
import { compareUrl } from '../../domain/compare-url.js';
import { describeReleaseRule } from '../../domain/release-rules.js';
import { REPO_FILE_PATH } from '../../domain/repo-file.js';
import type { KnownBlock, PlainTextOption } from '@slack/types';
import { ACTIONS } from '../action-ids.js';
import type { SlackMessage } from '../slack-port.js';
import { button, cappedList, code, context, header, link, section, shortSha } from './mrkdwn.js';
import { frozenLine, gateList } from './freeze-text.js';
import { checksLine } from './checks-line.js';

function why(reason: BumpReason): string {
  switch (reason.kind) {
    case 'commit': {
      const what = { breaking: 'a breaking change', feat: 'a feature', fix: 'a fix' }[reason.because];
      return `${code(shortSha(reason.sha))} ${escapeMrkdwn(truncate(reason.title, 200))} (${what})`;
    }
    case 'rule':
      return `${code(shortSha(reason.sha))} ${escapeMrkdwn(truncate(reason.title, 200))} (release rule ${code(describeReleaseRule(reason.rule))})`;
    case 'default':
      return 'no commit calls for a release; `defaultBump: patch` makes it a patch';
    case 'none':
      return 'no commit calls for a release';
  }
}

/**
 * The tags above the last release that were passed over, so nobody wonders why `v1.10.0-rc.1`
 * was not counted from: "Ignored `v1.10.0-rc.1`: a prerelease · `v3.0.0`: not on `main`".
 */
export function ignoredTagsLine(r: Pick<Release, 'ignoredTags' | 'defaultBranch'>, o: { max?: number } = {}): string | null {
  if (r.ignoredTags.length === 0) return null;
  const max = o.max ?? 3;
  const because = { prerelease: 'a prerelease', 'not-ancestor': `not on ${code(truncate(r.defaultBranch, 60))}` };
  const shown = r.ignoredTags.slice(0, max).map((t) => `${code(truncate(t.tag, 60))}: ${because[t.because]}`);
  const more = r.ignoredTags.length > max ? ` · and ${r.ignoredTags.length - max} more` : '';
  return `Ignored ${shown.join(' · ')}${more}`;
}

/**
 * What was made of the repository's own settings file: "Settings from `.github/release-bot.yml`:
 * `tagPrefix`, `releaseRules`", or "Ignored `.github/release-bot.yml`: approvers: not allowed…".
 */
export function repoFileLine(r: Pick<Release, 'repoFile'>, o: { max?: number } = {}): string | null {
  const f = r.repoFile;
  if (!f) return null;
  if (f.kind === 'applied') return `:page_facing_up: Settings from ${code(REPO_FILE_PATH)}: ${f.keys.map(code).join(', ')}`;
  const problems = f.problems.slice(0, o.max ?? f.problems.length).map((p) => escapeMrkdwn(p));
  return `:warning: Ignored ${code(REPO_FILE_PATH)}: ${truncate(problems.join(' · '), 1500)}. The organisation's settings apply.`;
}

const mention = (id: string) => (id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`);

/**
 * Where the approvals of a proposal stand, when its policy asks for more than a plain approval:
 * "*1 of 2 approvals*: @alice · may still approve: @leads · @bob asked for it and cannot approve · expires …".
 */
export function approvalsLine(r: Pick<Release, 'approvals' | 'policy' | 'requestedBy' | 'createdAt'>): string | null {
  const p = r.policy;
  if (!p || (p.requiredApprovals === 1 && r.approvals.length === 0 && p.approvers === null && p.selfApproval && !p.expireAfter)) return null;
  const approved = r.approvals.map((a) => a.user);
  const parts = [
    `*${approved.length} of ${p.requiredApprovals} approval${p.requiredApprovals === 1 ? '' : 's'}*${approved.length ? `: ${approved.map(mention).join(', ')}` : ''}`,
  ];
  const still = (p.approvers ?? []).filter((a) => !approved.includes(a) && !(p.selfApproval === false && a === r.requestedBy));
  parts.push(
    p.approvers === null ? 'may approve: the release approvers' : `may still approve: ${still.length ? still.map(mention).join(', ') : 'nobody else listed'}`,
  );
  if (!p.selfApproval) parts.push(r.requestedBy ? `${mention(r.requestedBy)} asked for it and cannot approve it` : 'whoever pushed it cannot approve it');
  if (p.expireAfter && r.createdAt) {
    const at = new Date(Date.parse(r.createdAt) + p.expireAfter.ms);
    parts.push(`expires after ${p.expireAfter.text} (<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time}|${at.toISOString()}>)`);
  }
  return parts.join(' · ');
}

function statusLine(r: Release): string | null {
  const approvers = r.approvals.length > 1 ? r.approvals.map((a) => a.user) : r.approvedBy ? [r.approvedBy] : [];
  const by = approvers.length > 0 ? ` by ${approvers.map((u) => `<@${u}>`).join(', ')}` : '';
  switch (r.status) {
    case 'proposed':
      return null;
    case 'approved':
      if (r.frozen) return `:snowflake: Approved${by}; held: ${frozenLine(r.frozen).replace(/^:snowflake: /, '')}`;
      if (r.checks?.verdict === 'wait')
        return `:hourglass_flowing_sand: Approved${by}; waiting for the checks of ${code(shortSha(r.sha))} to pass before tagging ${code(r.tag)}`;
      return `:hourglass_flowing_sand: Approved${by}; tagging ${code(r.tag)}…`;
    case 'tagged':
      return `:label: Tagged ${code(r.tag)}; publishing the release…`;
    case 'published':
    case 'notified':
      return `:white_check_mark: Released ${r.releaseUrl ? link(r.releaseUrl, r.tag) : code(r.tag)}, approved${by}`;
    case 'failed':
      return `:x: Failed: ${escapeMrkdwn(truncate(r.error ?? 'unknown error', 1500))}`;
    case 'skipped':
      return `:no_entry_sign: Skipped${r.approvedBy ? ` by <@${r.approvedBy}>` : ''}`;
    case 'cancelled':
      return ':heavy_multiplication_x: Superseded by a newer proposal';
    case 'expired':
      return `:hourglass: Expired${r.policy?.expireAfter ? ` after ${r.policy.expireAfter.text}` : ''} without ${r.policy && r.policy.requiredApprovals > 1 ? `${r.policy.requiredApprovals} approvals` : 'an approval'}: run ${code(`/release ${r.repo}`)} again`;
  }
}

/** The proposal message, updated in place as the release moves on. */
export function releaseMessage(r: Release, o: { dryRun?: boolean; skippedBy?: string } = {}): SlackMessage {
  const from = r.currentTag ?? 'first release';
  // The line it is made on: "beta from `develop`", "maintenance of `1.x`".
  const line = r.line === 'prerelease' ? ` from ${code(r.defaultBranch)}` : r.line === 'maintenance' ? `, maintenance of ${code(r.defaultBranch)}` : '';
  const kind = `${r.bump}${r.pre ? `, ${r.pre} prerelease` : ''}${line}${r.lastPrerelease ? ` after ${code(formatTag(r.lastPrerelease, r.tagPrefix))}` : ''}${r.draft ? ', draft' : ''}`;
  const cmp = compareUrl(r);
  const blocks: KnownBlock[] = [
    header(`${r.repo} ${from} → ${r.tag}`),
    section(
      `*${link(r.repoUrl, r.repo)}*  ${r.currentTag ? code(r.currentTag) : '_no release yet_'} → *${code(r.tag)}*  (${kind})\n` +
        `*Why ${r.suggestedBump ?? r.bump}:* ${why(r.reason)}`,
    ),
  ];
  if (r.suggestedBump && bumpRank(r.bump) < bumpRank(r.suggestedBump)) {
    blocks.push(section(`:warning: *${r.bump}* is lower than the commits call for (*${r.suggestedBump}*).`));
  }
  const lines = r.commits.map((c) => {
    const title = escapeMrkdwn(truncate(c.title, 150));
    // reverted within the range: listed, struck through, and counted for nothing
    const shown = c.revertedBy !== undefined || c.reverts !== undefined ? `~${title}~ _(reverted)_` : title;
    return `• ${code(shortSha(c.sha))} ${shown}${c.author ? ` — ${escapeMrkdwn(truncate(c.author, 40))}` : ''}`;
  });
  const count = `*${r.commits.length} commit${r.commits.length === 1 ? '' : 's'}* since ${r.currentTag ? code(r.currentTag) : 'the beginning'}`;
  blocks.push(section(`${count}\n${cappedList(lines, { maxLines: 15, moreUrl: cmp, moreLabel: 'see all on GitHub' })}`));
  const ignored = ignoredTagsLine(r);
  if (ignored) blocks.push(context(`:information_source: ${ignored}`));
  const file = repoFileLine(r);
  if (file) blocks.push(context(file));
  blocks.push(context(`Commit ${code(shortSha(r.sha))} on ${code(r.defaultBranch)}`, link(cmp, 'compare'), `release #${r.id}`));
  // The CI state of the proposed commit, under `requireChecks` (read for the proposal, and again before the tag).
  if (r.checks) blocks.push(section(`*Checks* (required before the tag): ${checksLine(r.checks)}`));
  for (const b of r.bypasses ?? [])
    blocks.push(context(`:rotating_light: Released anyway by <@${b.by}> past ${gateList(b.what)}: ${escapeMrkdwn(truncate(b.reason, 500))}`));
  const status = statusLine(r);
  // Break-glass may release anyway a frozen proposal or held release, or one its red or pending checks hold (checked on the server at the click).
  const anyway =
    r.batchId === null && (r.frozen || checksHolding(r))
      ? [button({ actionId: ACTIONS.releaseAnyway, text: 'Release anyway', value: String(r.id), style: 'danger' })]
      : [];
  if (o.dryRun) {
    blocks.push(context(':test_tube: Dry run: nothing was recorded and nothing will be tagged.'));
  } else if (r.status === 'proposed') {
    const approvals = approvalsLine(r);
    if (approvals) blocks.push(section(`:ballot_box_with_check: ${approvals}`));
    if (r.frozen) blocks.push(section(`${frozenLine(r.frozen)}. Approvals still count; the release waits for the freeze to end.`));
    blocks.push({
      type: 'actions',
      block_id: `release_${r.id}`,
      elements: [
        button({ actionId: ACTIONS.approveRelease, text: `Approve ${r.tag}`, value: String(r.id), style: 'primary' }),
        {
          type: 'static_select',
          action_id: ACTIONS.changeBump,
          placeholder: { type: 'plain_text', text: 'Change bump' },
          initial_option: bumpOption(r.id, r.bump),
          options: (['patch', 'minor', 'major'] as const).map((b) => bumpOption(r.id, b)),
        },
        button({ actionId: ACTIONS.skipRelease, text: 'Skip', value: String(r.id), style: 'danger' }),
        ...anyway,
      ],
    });
  } else if (status) {
    blocks.push(section(status));
    // A failed release of its own (not in a train, whose card has its own Retry) can be tried again once the cause is fixed.
    if (anyway.length > 0 && r.status === 'approved') blocks.push({ type: 'actions', block_id: `release_${r.id}_anyway`, elements: anyway });
    if (r.status === 'failed' && r.batchId === null) {
      blocks.push({
        type: 'actions',
        block_id: `release_${r.id}_retry`,
        elements: [button({ actionId: ACTIONS.retryRelease, text: `Retry ${r.tag}`, value: String(r.id) }), ...anyway],
      });
    }
  }
  const waiting =
    r.status === 'proposed' && r.policy && r.policy.requiredApprovals > 1 ? `. ${r.approvals.length} of ${r.policy.requiredApprovals} approvals` : '';
  const frozen = r.frozen && (r.status === 'proposed' || r.status === 'approved') ? `. Frozen: ${escapeMrkdwn(truncate(r.frozen.reason, 200))}` : '';
  const text = `${r.repo}: ${from} → ${r.tag} (${r.bump})${status ? `. ${statusPlain(r)}` : waiting}${frozen}`;
  return { text, blocks };
}

function bumpOption(id: number, bump: string): PlainTextOption {
  return { text: { type: 'plain_text', text: bump }, value: `${id}:${bump}` };
}

function statusPlain(r: Release): string {
  return {
    proposed: 'Proposed',
    approved: 'Approved',
    tagged: 'Tagged',
    published: 'Released',
    notified: 'Released',
    failed: 'Failed',
    skipped: 'Skipped',
    cancelled: 'Superseded',
    expired: 'Expired',
  }[r.status];
}

import { LEFT_OUT_LABEL, type Batch, type LeftOutReason } from '../../domain/batch.js';
import type { Release } from '../../domain/release.js';
import { checksLine } from './checks-line.js';
import { escapeMrkdwn } from '../../domain/escape-mrkdwn.js';
import { truncate } from '../../domain/truncate.js';
import type { Button, PlainTextOption, SectionBlock } from '@slack/types';
import { ACTIONS } from '../action-ids.js';
import type { BatchView } from '../../workflows/ports/narrator.js';
import type { TrainPace } from '../../domain/train-pace.js';
import { ignoredTagsLine, repoFileLine } from './release-message.js';
import type { Block, SlackMessage } from '../slack-port.js';
import { button, cappedList, code, context, header, link, section } from './mrkdwn.js';

/** Connector rows on one page of the card: each row is a block, and a message holds 50 at most. */
export const BATCH_PAGE_SIZE = 20;

export type { BatchView };

const DONE = new Set(['published', 'notified']);
const PENDING = new Set(['approved', 'tagged']);

function row(r: Release, batch: Batch, dryRun: boolean): Block {
  const commits = `${r.commits.length} commit${r.commits.length === 1 ? '' : 's'}`;
  const from = r.currentVersion ?? 'new';
  let text = `*${escapeMrkdwn(r.repo)}*  ${escapeMrkdwn(from)} → *${escapeMrkdwn(r.nextVersion)}*  ${r.bump} · ${commits}`;
  const ignored = ignoredTagsLine(r, { max: 2 });
  if (ignored) text += `\n_${ignored}_`;
  // Only an ignored file is worth a line on a crowded card: the tag shown already reflects a valid one.
  const file = r.repoFile?.kind === 'ignored' ? repoFileLine(r, { max: 2 }) : null;
  if (file) text += `\n${file}`;
  // requireChecks: the head's CI state, as the proposal read it
  if (r.status === 'proposed' && r.checks) text += `\n${checksLine(r.checks)}`;
  if (r.status === 'skipped') text = `~${escapeMrkdwn(r.repo)}~  _left out_`;
  else if (DONE.has(r.status)) text = `:white_check_mark: ${text}${r.releaseUrl ? `  ${link(r.releaseUrl, 'release')}` : ''}`;
  else if (PENDING.has(r.status))
    text = `:hourglass_flowing_sand: ${text}${r.status === 'approved' && r.checks?.verdict === 'wait' ? `\n_waiting for its checks: ${checksLine(r.checks)}_` : ''}`;
  else if (r.status === 'failed') text = `:x: ${text}\n_${escapeMrkdwn(truncate(r.error ?? 'failed', 300))}_`;
  else if (r.status === 'cancelled') text = `~${escapeMrkdwn(r.repo)}~ ${escapeMrkdwn(from)} → ${escapeMrkdwn(r.nextVersion)}`;
  const block: SectionBlock = { type: 'section', text: { type: 'mrkdwn', text } };
  if (batch.status === 'proposed' && !dryRun && (r.status === 'proposed' || r.status === 'skipped')) {
    const options = [...(['patch', 'minor', 'major'] as const).map((b) => option(b, `${r.id}:${b}`)), option('leave out', `${r.id}:leave-out`)];
    block.accessory = {
      type: 'static_select',
      action_id: `${ACTIONS.batchMemberPrefix}${r.id}`,
      placeholder: { type: 'plain_text', text: 'Change' },
      initial_option: r.status === 'skipped' ? options[3] : options.find((o) => o.value === `${r.id}:${r.bump}`),
      options,
    };
  }
  return block;
}

function option(text: string, value: string): PlainTextOption {
  return { text: { type: 'plain_text', text }, value };
}

function leftOutSummary(batch: Batch): string | null {
  if (batch.leftOut.length === 0) return null;
  const byReason = new Map<LeftOutReason, string[]>();
  for (const l of batch.leftOut) byReason.set(l.reason, [...(byReason.get(l.reason) ?? []), l.repo]);
  const lines = [...byReason].map(([reason, repos]) => {
    const names = repos
      .slice(0, 8)
      .map((r) => escapeMrkdwn(r))
      .join(', ');
    return `• *${repos.length} ${LEFT_OUT_LABEL[reason]}*: ${names}${repos.length > 8 ? `, _and ${repos.length - 8} more_` : ''}`;
  });
  return `*Left out*\n${lines.join('\n')}`;
}

/** "Waiting for an approver.", or with a policy: "Waiting for approvals: *1 of 2 approvals*: @alice". */
function waitingFor(batch: Batch): string {
  const required = batch.policy?.requiredApprovals ?? 1;
  if (required === 1 && batch.approvals.length === 0) return 'Waiting for an approver.';
  const who = batch.approvals.map((a) => `<@${a.user}>`).join(', ');
  return `Waiting for approvals: *${batch.approvals.length} of ${required} approvals*${who ? `: ${who}` : ''}${batch.policy?.selfApproval === false ? ' · whoever asked for it cannot approve it' : ''}`;
}

const isInTrain = (m: Release) => m.status !== 'skipped' && m.status !== 'cancelled';

export function batchCounts(members: readonly Release[]) {
  const inTrain = members.filter(isInTrain);
  return {
    inTrain: inTrain.length,
    done: members.filter((m) => DONE.has(m.status)).length,
    failed: members.filter((m) => m.status === 'failed').length,
    pending: members.filter((m) => PENDING.has(m.status) || m.status === 'proposed').length,
    leftOut: members.filter((m) => m.status === 'skipped').length,
  };
}

/** The release-train card: the connectors, the ones left out and why, the controls; updated in place with progress. */
export function batchCard(v: BatchView): SlackMessage {
  const { batch, members } = v;
  const pages = Math.max(1, Math.ceil(members.length / BATCH_PAGE_SIZE));
  const page = Math.min(Math.max(0, v.page ?? 0), pages - 1);
  const c = batchCounts(members);
  // counted like the connectors in the train: neither left out nor cancelled
  const bumps = ['major', 'minor', 'patch'].map((b) => `${members.filter((m) => m.bump === b && isInTrain(m)).length} ${b}`).join(', ');
  const blocks: Block[] = [header(`Release train: ${c.inTrain} connector${c.inTrain === 1 ? '' : 's'}`)];
  const pace = batch.status === 'proposed' && v.pace ? `\n${paceLine(v.pace)}` : '';
  const eta = batch.status === 'running' && v.etaSeconds !== undefined && c.pending > 0 ? ` · about ${duration(v.etaSeconds)} left` : '';
  const state =
    batch.status === 'proposed'
      ? `${v.dryRun ? ':test_tube: Dry run: nothing was recorded and nothing will be tagged.' : waitingFor(batch)}${pace}`
      : batch.status === 'cancelled'
        ? ':heavy_multiplication_x: Cancelled'
        : `:white_check_mark: ${c.done} released · :x: ${c.failed} failed · :hourglass_flowing_sand: ${c.pending} to go${eta}${batch.status === 'done' ? ' · *done*' : ''}`;
  blocks.push(
    section(
      `*${c.inTrain}* to release (${bumps})${batch.forcedBump ? `, bump forced to *${batch.forcedBump}*` : ''}${c.leftOut ? `, ${c.leftOut} left out by hand` : ''}\n${state}`,
    ),
  );
  const failures = members.filter((m) => m.status === 'failed');
  if (failures.length > 0 && batch.status !== 'proposed') {
    blocks.push(
      section(
        `*Failed*\n${cappedList(
          failures.map((f) => `• ${code(f.repo)}: ${escapeMrkdwn(truncate(f.error ?? 'failed', 200))}`),
          { maxLines: 10 },
        )}`,
      ),
    );
  }
  blocks.push({ type: 'divider' });
  for (const m of members.slice(page * BATCH_PAGE_SIZE, (page + 1) * BATCH_PAGE_SIZE)) blocks.push(row(m, batch, v.dryRun ?? false));
  if (pages > 1)
    blocks.push(
      context(
        `Connectors ${page * BATCH_PAGE_SIZE + 1}–${Math.min(members.length, (page + 1) * BATCH_PAGE_SIZE)} of ${members.length} (page ${page + 1} of ${pages})`,
      ),
    );
  const leftOut = leftOutSummary(batch);
  if (leftOut) blocks.push(section(leftOut));
  const actions: Button[] = [];
  if (pages > 1 && !v.dryRun) {
    if (page > 0) actions.push(button({ actionId: ACTIONS.batchPagePrev, text: '◀ Previous', value: `${batch.id}:${page - 1}` }));
    if (page < pages - 1) actions.push(button({ actionId: ACTIONS.batchPageNext, text: 'Next ▶', value: `${batch.id}:${page + 1}` }));
  }
  if (batch.status === 'proposed' && !v.dryRun) {
    actions.push(button({ actionId: ACTIONS.approveBatch, text: `Approve all ${c.inTrain}`, value: String(batch.id), style: 'primary' }));
    actions.push(button({ actionId: ACTIONS.cancelBatch, text: 'Cancel', value: String(batch.id), style: 'danger' }));
  }
  if (batch.status === 'done' && failures.length > 0)
    actions.push(button({ actionId: ACTIONS.retryBatch, text: `Retry ${failures.length} failed`, value: String(batch.id) }));
  if (actions.length > 0) blocks.push({ type: 'actions', block_id: `batch_${batch.id}`, elements: actions });
  blocks.push(
    context(
      `release train #${batch.id}${batch.requestedBy ? ` · requested by <@${batch.requestedBy}>` : ' · triggered by a push'}${batch.approvedBy ? ` · approved by <@${batch.approvedBy}>` : ''}`,
    ),
  );
  const text = `Release train: ${c.inTrain} connector${c.inTrain === 1 ? '' : 's'}. ${batch.status === 'proposed' ? `Waiting for approval${(batch.policy?.requiredApprovals ?? 1) > 1 ? ` (${batch.approvals.length} of ${batch.policy?.requiredApprovals} approvals)` : ''}` : `${c.done} released, ${c.failed} failed, ${c.pending} to go`}`;
  return { text, blocks };
}

/** "45 s", "6 min", "1 h 5 min": rounded as a person would say it. */
export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

/** The writes the train needs and how long they take under GitHub's limits, said before approval. */
function paceLine(p: TrainPace): string {
  const writes = `${p.writes} write${p.writes === 1 ? '' : 's'}`;
  if (!p.waitsForHourlyLimit) return `_${writes} to GitHub: about ${duration(p.minutesFirstHour * 60)}._`;
  return `:warning: ${writes} to GitHub: about ${duration(p.minutesFirstHour * 60)}, then waits for GitHub's hourly limit (about ${duration(p.totalMinutes * 60)} in all).`;
}

/** The summary in the card's thread when the train is done. */
export function batchSummary(batch: Batch, members: readonly Release[]): SlackMessage {
  const c = batchCounts(members);
  const failures = members.filter((m) => m.status === 'failed').map((f) => `• ${code(f.repo)}: ${escapeMrkdwn(truncate(f.error ?? 'failed', 200))}`);
  const text = `:checkered_flag: Release train #${batch.id} is done: *${c.done}* released, *${c.failed}* failed.${failures.length ? `\n${cappedList(failures, { maxLines: 20 })}` : ''}`;
  return { text: `Release train #${batch.id} is done: ${c.done} released, ${c.failed} failed.`, blocks: [section(text)] };
}

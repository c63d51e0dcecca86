import type { Release, NewRelease, ReleaseChecks } from '../domain/release.js';
import type { ReleaseStatus } from '../domain/release-status.js';
import type { Bump } from '../domain/bump.js';
import type { Approval, ApprovalPolicy } from '../domain/approval-policy.js';
import type { Freeze } from '../domain/freeze-window.js';
import type { Bypass } from '../domain/bypass.js';

/** A row of `releases` as SQLite hands it back. */
export interface ReleaseRow {
  id: number;
  repo: string;
  status: ReleaseStatus;
  sha: string;
  default_branch: string;
  repo_url: string;
  tag_prefix: string;
  current_tag: string | null;
  current_version: string | null;
  suggested_bump: Bump | null;
  bump: Bump;
  pre: string | null;
  draft: number;
  next_version: string;
  tag: string;
  analysis: string;
  notes_mode: 'conventional' | 'github';
  channel: string;
  message_ts: string | null;
  trigger: Release['trigger'];
  batch_id: number | null;
  requested_by: string | null;
  approved_by: string | null;
  tag_object_sha: string | null;
  release_id: number | null;
  release_url: string | null;
  error: string | null;
  reported_status: ReleaseStatus | null;
  policy: string | null;
  pushed_by: string | null;
  frozen: string | null;
  checks: string | null;
  created_at: string;
  updated_at: string;
}

/** What the `analysis` JSON column holds: the commits, the reason, and the version base. */
type Analysis = Pick<Release, 'commits' | 'reason'> & Partial<Pick<Release, 'lastPrerelease' | 'highestStable' | 'ignoredTags' | 'line' | 'repoFile'>>;

export function toRelease(r: ReleaseRow, approvals: Approval[], bypasses: Bypass[]): Release {
  // The version base rides in the analysis JSON; rows from before it was recorded have none.
  const analysis = JSON.parse(r.analysis) as Analysis;
  return {
    id: r.id,
    repo: r.repo,
    status: r.status,
    sha: r.sha,
    defaultBranch: r.default_branch,
    repoUrl: r.repo_url,
    tagPrefix: r.tag_prefix,
    currentTag: r.current_tag,
    currentVersion: r.current_version,
    lastPrerelease: analysis.lastPrerelease ?? null,
    highestStable: analysis.highestStable ?? null,
    ignoredTags: analysis.ignoredTags ?? [],
    repoFile: analysis.repoFile ?? null,
    line: analysis.line ?? 'default',
    suggestedBump: r.suggested_bump,
    bump: r.bump,
    pre: r.pre,
    draft: r.draft === 1,
    nextVersion: r.next_version,
    tag: r.tag,
    commits: analysis.commits,
    reason: analysis.reason,
    notesMode: r.notes_mode,
    channel: r.channel,
    messageTs: r.message_ts,
    trigger: r.trigger,
    batchId: r.batch_id,
    requestedBy: r.requested_by,
    pushedBy: r.pushed_by,
    policy: r.policy === null ? null : (JSON.parse(r.policy) as ApprovalPolicy),
    checks: r.checks === null ? null : (JSON.parse(r.checks) as ReleaseChecks),
    approvals,
    approvedBy: r.approved_by,
    tagObjectSha: r.tag_object_sha,
    releaseId: r.release_id,
    releaseUrl: r.release_url,
    error: r.error,
    reportedStatus: r.reported_status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    frozen: r.frozen === null ? null : (JSON.parse(r.frozen) as Freeze),
    bypasses,
  };
}

/** The columns a new proposal is inserted with, by name, JSON columns serialised (status and timestamps are the store's). */
export function newReleaseColumns(input: NewRelease): Record<string, string | number | null> {
  const analysis: Analysis = {
    commits: input.commits,
    reason: input.reason,
    lastPrerelease: input.lastPrerelease,
    highestStable: input.highestStable,
    ignoredTags: input.ignoredTags,
    line: input.line,
    repoFile: input.repoFile ?? null,
  };
  return {
    repo: input.repo,
    sha: input.sha,
    default_branch: input.defaultBranch,
    repo_url: input.repoUrl,
    tag_prefix: input.tagPrefix,
    current_tag: input.currentTag,
    current_version: input.currentVersion,
    suggested_bump: input.suggestedBump,
    bump: input.bump,
    pre: input.pre,
    draft: input.draft ? 1 : 0,
    next_version: input.nextVersion,
    tag: input.tag,
    analysis: JSON.stringify(analysis),
    notes_mode: input.notesMode,
    channel: input.channel,
    trigger: input.trigger,
    requested_by: input.requestedBy,
    batch_id: input.batchId,
    policy: input.policy ? JSON.stringify(input.policy) : null,
    pushed_by: input.pushedBy ?? null,
    frozen: input.frozen ? JSON.stringify(input.frozen) : null,
    checks: input.checks ? JSON.stringify(input.checks) : null,
  };
}

import type { ApprovalPolicy, Approval } from './approval-policy.js';
import type { Bump } from './bump.js';
import type { AnalyzedCommit, BumpReason } from './analyze-commits.js';
import type { IgnoredTag } from './last-release.js';
import type { ReleaseLine } from './release-line.js';
import type { ReleaseStatus } from './release-status.js';
import type { RepoFileNote } from './repo-file.js';
import type { Freeze } from './freeze-window.js';
import type { Bypass } from './bypass.js';
import type { ChecksSummary, GateVerdict } from './checks-gate.js';

/** The proposed commit's checks as last read (`requireChecks`), and what the gate made of them. */
export interface ReleaseChecks {
  summary: ChecksSummary;
  verdict: GateVerdict['kind'];
  /** ISO time of the read */
  readAt: string;
  /** read for the proposal (shown), or by the gate before the tag (decides, audited) */
  source: 'proposal' | 'gate';
  /** the thread was told the release waits for them (said once, also across restarts) */
  toldWaiting: boolean;
}

/** A release as the store keeps it: the proposal, what was decided, and how far it got. */
export interface Release {
  id: number;
  repo: string;
  status: ReleaseStatus;
  sha: string;
  /** the branch the release is made from: the default branch, or a release branch of `branches:` */
  defaultBranch: string;
  repoUrl: string;
  tagPrefix: string;
  /** the last release: the highest stable version tag that is an ancestor of `sha` */
  currentTag: string | null;
  currentVersion: string | null;
  /** with `pre`: the last prerelease of that id above the last release, which a new one continues */
  lastPrerelease: string | null;
  /** the highest stable version released anywhere in the repository: only a version above it becomes "Latest" */
  highestStable: string | null;
  /** tags above the last release that were passed over, highest first, to say so on the proposal */
  ignoredTags: IgnoredTag[];
  /** what was made of the repository's `.github/release-bot.yml`: the settings taken from it, or why it was ignored; null without one */
  repoFile: RepoFileNote | null;
  /** the line the release is made on: the default branch, a prerelease channel, or a maintenance line (never "Latest") */
  line: ReleaseLine['kind'];
  suggestedBump: Bump | null;
  bump: Bump;
  pre: string | null;
  draft: boolean;
  nextVersion: string;
  tag: string;
  commits: AnalyzedCommit[];
  reason: BumpReason;
  notesMode: 'conventional' | 'github';
  channel: string;
  messageTs: string | null;
  trigger: 'push' | 'command' | 'batch';
  /** the release train this release belongs to, if any */
  batchId: number | null;
  requestedBy: string | null;
  /** the GitHub login that pushed the commit (`pusher.name`), for a proposal made by a push */
  pushedBy: string | null;
  /** the approval rules it was made under (`policies:`); null: one approval by a global approver, no expiry */
  policy: ApprovalPolicy | null;
  /** the proposed commit's checks as last read; null when its policy does not require them */
  checks: ReleaseChecks | null;
  /** the approvals counted so far, oldest first (a change of bump voids them) */
  approvals: Approval[];
  /** who gave the approval that started it (the N-th) */
  approvedBy: string | null;
  tagObjectSha: string | null;
  releaseId: number | null;
  releaseUrl: string | null;
  error: string | null;
  /** the last status told in the thread */
  reportedStatus: ReleaseStatus | null;
  createdAt: string;
  updatedAt: string;
  /** the freeze it was proposed under, or that holds it once approved; absent or null: none */
  frozen?: Freeze | null;
  /** break-glass: the gates people released it past, oldest first */
  bypasses?: Bypass[];
}

export type NewRelease = Omit<
  Release,
  | 'id'
  | 'status'
  | 'messageTs'
  | 'approvedBy'
  | 'approvals'
  | 'pushedBy'
  | 'policy'
  | 'repoFile'
  | 'checks'
  | 'tagObjectSha'
  | 'releaseId'
  | 'releaseUrl'
  | 'error'
  | 'reportedStatus'
  | 'createdAt'
  | 'updatedAt'
  | 'bypasses'
> &
  Partial<Pick<Release, 'pushedBy' | 'policy' | 'repoFile' | 'checks'>>;

/** A proposal shown before anything is recorded (a dry run): a release at `proposed` with nothing done. */
export function previewRelease(proposal: NewRelease, id = 0): Release {
  return {
    ...proposal,
    id,
    status: 'proposed',
    pushedBy: proposal.pushedBy ?? null,
    policy: proposal.policy ?? null,
    repoFile: proposal.repoFile ?? null,
    checks: proposal.checks ?? null,
    approvals: [],
    messageTs: null,
    approvedBy: null,
    tagObjectSha: null,
    releaseId: null,
    releaseUrl: null,
    error: null,
    reportedStatus: null,
    createdAt: '',
    updatedAt: '',
  };
}

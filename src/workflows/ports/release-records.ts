import type { Bump } from '../../domain/bump.js';
import type { NewRelease, Release, ReleaseChecks } from '../../domain/release.js';
import type { ReleaseStatus } from '../../domain/release-status.js';
import type { Freeze } from '../../domain/freeze-window.js';
import type { Gate } from '../../domain/bypass.js';

/** What a status change records alongside it, in the same transaction. */
export interface StepResult {
  tagObjectSha?: string | null;
  releaseId?: number;
  releaseUrl?: string;
  error?: string;
  approvedBy?: string;
}

export type ApproveOutcome =
  | { kind: 'approved'; release: Release }
  /** recorded; the policy asks for more distinct approvals */
  | { kind: 'counted'; release: Release }
  /** this person's approval counts already: nothing changed */
  | { kind: 'already'; release: Release }
  | { kind: 'not-proposed'; release: Release }
  | { kind: 'busy'; inFlight: Release }
  | { kind: 'unknown' };

export type RetryOutcome =
  | { kind: 'retried'; release: Release }
  | { kind: 'not-failed'; release: Release }
  | { kind: 'busy'; inFlight: Release }
  | { kind: 'unknown' };

/** Reading releases. */
export interface ReleaseReader {
  get(id: number): Promise<Release | undefined>;
  /** the newest release the bot made (approved or further) with this tag */
  findByTag(repo: string, tag: string): Promise<Release | undefined>;
  openProposal(repo: string, sha: string): Promise<Release | undefined>;
  /**
   * The newest release of this commit that still stands: proposed, on its way, made, or failed
   * (it has Retry). Not one that was superseded, rejected or expired.
   */
  standingRelease(repo: string, sha: string): Promise<Release | undefined>;
  /** approved but not at rest: what a restart resumes */
  unfinished(): Promise<Release[]>;
  /** proposals whose message was never owed (the bot stopped in between) */
  unposted(): Promise<Release[]>;
  inBatch(batchId: number): Promise<Release[]>;
  history(repo: string, limit?: number): Promise<Release[]>;
  /** open proposals of their own made under a policy (those that may expire) */
  openUnderPolicy(): Promise<Release[]>;
  /** open proposals of their own, approved releases, and any release marked frozen: what a freeze may hold or show on */
  freezable(): Promise<Release[]>;
}

/**
 * Releases as durable rows. Every move goes through the release machine of
 * `src/domain/release-status.ts`; a move from a status the row is not in changes nothing.
 */
export interface ReleaseRecords extends ReleaseReader {
  /** inserts a proposal; older open proposals of the same repo are superseded */
  propose(input: NewRelease, actor: string): Promise<{ release: Release; superseded: Release[] }>;
  /** records an approval; the policy's N-th distinct one moves the proposal to approved */
  approve(id: number, user: string): Promise<ApproveOutcome>;
  /** a new bump; the approvals so far are voided (people approved a version) */
  changeBump(id: number, user: string, change: { bump: Bump; nextVersion: string; tag: string }): Promise<Release | undefined>;
  advance(id: number, from: ReleaseStatus, to: ReleaseStatus, actor: string, reason: string, result?: StepResult): Promise<Release | undefined>;
  retry(id: number, user: string): Promise<RetryOutcome>;
  /** the checks as just read and the gate's verdict; a new verdict is audited */
  recordChecks(id: number, checks: ReleaseChecks, actor: string, reason: string): Promise<Release | undefined>;
  /** the last status told in the release's thread */
  setReported(id: number, status: ReleaseStatus): Promise<void>;
  /** the freeze it is shown under or held by; null: none */
  setFrozen(id: number, freeze: Freeze | null): Promise<Release | undefined>;
  /** break-glass: records who released it past which gates, and why (audited) */
  bypass(id: number, b: { by: string; reason: string; what: Gate[] }): Promise<Release | undefined>;
}

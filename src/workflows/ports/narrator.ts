import type { TrainPace } from '../../domain/train-pace.js';
import type { Batch } from '../../domain/batch.js';
import type { Release } from '../../domain/release.js';
import type { ConnectorPin, Rollout } from '../../domain/rollout-model.js';
import type { Message } from './message.js';
import type { DigestView } from '../../domain/digest-view.js';
import type { Freeze } from '../../domain/freeze-window.js';
import type { Gate } from '../../domain/bypass.js';

/** In the release channel: a freeze began or ended (`by`: who lifted an ad hoc one). */
export interface FreezeNoticeView {
  event: 'started' | 'ended';
  freeze: Freeze;
  by?: string;
}

/** What a rollout's messages show: the row, and what it needs from around it. */
export interface RolloutView {
  rollout: Rollout;
  /** `http` | `gitops`; null when no `rollout:` is configured */
  deployer: string | null;
  /** the connector's pin, when it is pinned */
  pin: ConnectorPin | undefined;
  /** for a rollback: the rollout it replaces; for a rolled-back one: the rollback that replaced it */
  other: Rollout | undefined;
}

/** A release train's card: the train, its connectors, the page shown. */
export interface BatchView {
  batch: Batch;
  members: readonly Release[];
  page?: number;
  dryRun?: boolean;
  /** before approval: how long the writes take under GitHub's limits */
  pace?: TrainPace;
  /** while it runs: seconds left at the pace measured so far (absent until a connector finished) */
  etaSeconds?: number;
}

/** What a release's thread says at each step. */
export type ReleaseEvent =
  | { kind: 'approved' }
  /** `found`: the tag was on the proposed commit already */
  | { kind: 'tagged'; found: boolean }
  | { kind: 'published'; existed: boolean }
  | { kind: 'failed' }
  | { kind: 'skipped'; by: string }
  /** `approvalsReset`: approvals of the former version that no longer count */
  | { kind: 'bump-changed'; by: string; approvalsReset?: number }
  /** an approval counted, and more are needed (the release's approvals and policy say how many) */
  | { kind: 'approval-counted'; by: string }
  /** its policy's `expireAfter` passed without enough approvals */
  | { kind: 'expired' }
  | { kind: 'retried'; by: string }
  /** approved, and held by a freeze until it ends (or someone of breakGlass releases it anyway) */
  | { kind: 'held'; freeze: Freeze }
  /** break-glass: released past `what` by `by`, because `reason` */
  | { kind: 'bypassed'; by: string; reason: string; what: Gate[] }
  /** approved, but the commit's checks are not all green yet (`requireChecks`): the release waits (told once) */
  | { kind: 'checks-waiting' }
  /** the checks it waited for turned green: it goes on */
  | { kind: 'checks-green' };

/** What a release train's thread says besides its summary. */
export type BatchEvent =
  | { kind: 'approved'; by: string; started: number; busy: number }
  | { kind: 'retried'; by: string; count: number }
  /** an approval of the whole train counted, and more are needed */
  | { kind: 'approval-counted'; by: string; count: number; required: number }
  /** a connector changed after approvals were given: they no longer count */
  | { kind: 'approvals-reset'; by: string; count: number }
  /** approved during a freeze: it leaves when the freeze ends */
  | { kind: 'held'; freeze: Freeze };

/**
 * What people must be told, as the use cases describe it. The Slack adapter renders each to a
 * message (Block Kit); the use cases owe what it returns to the outbox without opening it.
 */
export interface Narrator {
  /** a release's parent message as it stands, with the rollout told in its thread when there is one */
  releaseParent(release: Release, rollout?: RolloutView): Message;
  releaseReply(release: Release, event: ReleaseEvent): Message;
  /** the final notice in the release channel */
  releaseNotice(release: Release): Message;
  batchCard(view: BatchView): Message;
  batchReply(batch: Batch, event: BatchEvent): Message;
  batchSummary(batch: Batch, members: readonly Release[]): Message;
  /** a rollout's own parent message (a rollout of a version the bot did not release) */
  rolloutParent(view: RolloutView): Message;
  rolloutReply(view: RolloutView): Message;
  /** in a rollout's thread, once: it shows as no GitHub deployment (or no more of one), and why; the rollout itself goes on */
  rolloutDeploymentProblem(rollout: Rollout, problem: string): Message;
  /** in the release channel: automatic rollouts of a connector resumed */
  unpinned(connectorId: string, by: string): Message;
  /** the weekly digest in the release channel */
  digest(view: DigestView): Message;
  /** in the release channel: a freeze started or ended */
  freezeNotice(view: FreezeNoticeView): Message;
  /** in a rollout's thread: the build is recorded and waits for the freeze to end */
  rolloutFrozen(view: RolloutView, freeze: Freeze): Message;
}

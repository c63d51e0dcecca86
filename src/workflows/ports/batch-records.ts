import type { ApprovalPolicy } from '../../domain/approval-policy.js';
import type { Batch, LeftOut } from '../../domain/batch.js';
import type { Bump } from '../../domain/bump.js';
import type { NewRelease, Release } from '../../domain/release.js';

export type BatchApproval =
  | { kind: 'approved'; batch: Batch; started: Release[]; busy: Release[] }
  /** recorded; the policy asks for more distinct approvals */
  | { kind: 'counted'; batch: Batch }
  /** this person's approval counts already */
  | { kind: 'already'; batch: Batch }
  | { kind: 'not-proposed'; batch: Batch }
  | { kind: 'unknown' };

export interface NewBatch {
  forcedBump: Bump | null;
  leftOut: LeftOut[];
  channel: string;
  trigger: Batch['trigger'];
  requestedBy: string | null;
  /** its connectors' approval rules; null or absent: one approval */
  policy?: ApprovalPolicy | null;
  /** the push delivery that asked for it: handled again after a crash, it finds the same train */
  deliveryId?: string;
}

/** Release trains: a batch row and one release row per connector. */
export interface BatchRecords {
  get(id: number): Promise<Batch | undefined>;
  byDelivery(deliveryId: string): Promise<Batch | undefined>;
  create(b: NewBatch, members: NewRelease[]): Promise<Batch>;
  /** records an approval; at the N-th distinct one: proposed → running, every connector still in the train → approved */
  approveAll(id: number, user: string): Promise<BatchApproval>;
  /** voids the train's approvals so far (a connector changed), returning how many */
  resetApprovals(id: number, user: string, why: string): Promise<number>;
  cancel(id: number, user: string): Promise<Batch | undefined>;
  finish(id: number): Promise<Batch | undefined>;
  /** failed connectors → approved, the train → running */
  retryFailed(id: number, user: string): Promise<Release[]>;
  unposted(): Promise<Batch[]>;
  running(): Promise<Batch[]>;
  /** the page its card shows from now on, whichever process updates the card (not audited: it changes nothing) */
  turnPage(id: number, page: number): Promise<void>;
}

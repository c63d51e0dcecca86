import { isBump } from '../domain/bump.js';
import type { Batch } from '../domain/batch.js';
import { nextVersion } from '../domain/next-version.js';
import { formatTag } from '../domain/parse-tag.js';
import type { BatchRunner } from './batch-runner.js';
import type { Deps } from './deps.js';
import { batchReply } from './owe-batch-messages.js';
import { owe } from './owe.js';
import { requireApprover, type Refusal } from './require-approver.js';

export type BatchDecision =
  | { kind: 'done'; batch: Batch }
  | { kind: 'not-allowed'; why: Refusal }
  | { kind: 'already-approved'; batch: Batch }
  | { kind: 'unknown' }
  | { kind: 'not-open'; batch: Batch };

interface Click {
  batchId: number;
  userId: string;
}

type DecideDeps = Pick<Deps, 'config' | 'directory' | 'store' | 'narrator'>;
type Runner = Pick<BatchRunner, 'run' | 'updateCard'>;

/** The approvers of the train's policy (the global ones without); for an approval, not the person who asked under `selfApproval: false`. */
async function guard(deps: DecideDeps, click: Click, action: string, o: { approval?: boolean } = {}) {
  const batch = await deps.store.batches.get(click.batchId);
  const verdict = await requireApprover(
    deps,
    { userId: click.userId, subjectType: 'batch', subjectId: String(click.batchId), action },
    { policy: batch?.policy ?? null, requester: o.approval && batch ? { requestedBy: batch.requestedBy, pushedBy: null } : undefined },
  );
  return verdict.allowed ? null : ({ kind: 'not-allowed', why: verdict.why } as const);
}

/**
 * Approve all: the approval is recorded; at the policy's N-th distinct one the train leaves and
 * the runner carries it (not awaited: the click is answered already).
 */
export async function approveBatch(deps: DecideDeps, runner: Runner, click: Click): Promise<BatchDecision> {
  const refused = await guard(deps, click, 'approve release train', { approval: true });
  if (refused) return refused;
  const outcome = await deps.store.transaction(async (tx) => {
    const o = await tx.batches.approveAll(click.batchId, click.userId);
    if (o.kind === 'counted') {
      const event = { kind: 'approval-counted', by: click.userId, count: o.batch.approvals.length, required: o.batch.policy?.requiredApprovals ?? 1 } as const;
      await owe(tx, batchReply(o.batch, deps.narrator.batchReply(o.batch, event)));
    }
    if (o.kind === 'approved') {
      await owe(
        tx,
        batchReply(o.batch, deps.narrator.batchReply(o.batch, { kind: 'approved', by: click.userId, started: o.started.length, busy: o.busy.length })),
      );
    }
    return o;
  });
  if (outcome.kind === 'unknown') return outcome;
  if (outcome.kind === 'not-proposed') return { kind: 'not-open', batch: outcome.batch };
  if (outcome.kind === 'already') return { kind: 'already-approved', batch: outcome.batch };
  await runner.updateCard(outcome.batch.id);
  if (outcome.kind === 'counted') return { kind: 'done', batch: outcome.batch };
  void runner.run(outcome.batch.id);
  return { kind: 'done', batch: outcome.batch };
}

export async function cancelBatch(deps: DecideDeps, runner: Runner, click: Click): Promise<BatchDecision> {
  const refused = await guard(deps, click, 'cancel release train');
  if (refused) return refused;
  const before = await deps.store.batches.get(click.batchId);
  if (!before) return { kind: 'unknown' };
  const batch = await deps.store.batches.cancel(click.batchId, click.userId);
  if (!batch) return { kind: 'not-open', batch: before };
  await runner.updateCard(batch.id);
  return { kind: 'done', batch };
}

/** One connector's bump, or leaving it out (and putting it back), while the train waits. */
export async function changeMember(deps: DecideDeps, runner: Runner, click: { userId: string; releaseId: number; choice: string }): Promise<BatchDecision> {
  const member = await deps.store.releases.get(click.releaseId);
  const batch = member?.batchId != null ? await deps.store.batches.get(member.batchId) : undefined;
  if (!member || !batch || (click.choice !== 'leave-out' && !isBump(click.choice))) return { kind: 'unknown' };
  const refused = await guard(deps, { batchId: batch.id, userId: click.userId }, `change ${member.repo} to ${click.choice}`);
  if (refused) return refused;
  if (batch.status !== 'proposed') return { kind: 'not-open', batch };
  const { releases } = deps.store;
  if (click.choice === 'leave-out') {
    await releases.advance(member.id, 'proposed', 'skipped', click.userId, 'left out of the release train');
  } else if (isBump(click.choice)) {
    if (member.status === 'skipped') await releases.advance(member.id, 'skipped', 'proposed', click.userId, 'put back into the release train');
    const version = nextVersion({ lastRelease: member.currentVersion, lastPrerelease: member.lastPrerelease }, click.choice, member.pre ?? undefined);
    await releases.changeBump(member.id, click.userId, { bump: click.choice, nextVersion: version, tag: formatTag(version, member.tagPrefix) });
  }
  // People approved the train as it was: a change of a connector starts the count again, and the thread says so.
  if (batch.approvals.length > 0) {
    await deps.store.transaction(async (tx) => {
      const reset = await tx.batches.resetApprovals(batch.id, click.userId, `${member.repo} changed to ${click.choice}`);
      if (reset > 0) await owe(tx, batchReply(batch, deps.narrator.batchReply(batch, { kind: 'approvals-reset', by: click.userId, count: reset })));
    });
  }
  await runner.updateCard(batch.id);
  return { kind: 'done', batch };
}

export async function retryFailed(deps: DecideDeps, runner: Runner, click: Click): Promise<BatchDecision> {
  const refused = await guard(deps, click, 'retry failed connectors');
  if (refused) return refused;
  const batch = await deps.store.batches.get(click.batchId);
  if (!batch) return { kind: 'unknown' };
  const retried = await deps.store.transaction(async (tx) => {
    const r = await tx.batches.retryFailed(batch.id, click.userId);
    if (r.length > 0) await owe(tx, batchReply(batch, deps.narrator.batchReply(batch, { kind: 'retried', by: click.userId, count: r.length })));
    return r;
  });
  if (retried.length === 0) return { kind: 'not-open', batch };
  await runner.updateCard(batch.id);
  void runner.run(batch.id);
  return { kind: 'done', batch: (await deps.store.batches.get(batch.id)) ?? batch };
}

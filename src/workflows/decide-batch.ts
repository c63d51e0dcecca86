import { isBump } from '../domain/bump.js';
import type { Batch } from '../domain/batch.js';
import { nextVersion } from '../domain/next-version.js';
import { formatTag } from '../domain/parse-tag.js';
import { textMessage } from '../slack/blocks/release-replies.js';
import type { BatchRunner } from './batch-runner.js';
import { oweBatchReply } from './owe-batch-messages.js';
import type { Deps } from './deps.js';
import { isApprover } from './is-approver.js';

export type BatchDecision =
  | { kind: 'done'; batch: Batch }
  | { kind: 'not-allowed' }
  | { kind: 'unknown' }
  | { kind: 'not-open'; batch: Batch };

interface Click { batchId: number; userId: string }

async function guard(deps: Deps, click: Click, action: string): Promise<boolean> {
  if (await isApprover(deps, click.userId)) return true;
  deps.store.audit.append({ actor: click.userId, subjectType: 'batch', subjectId: String(click.batchId), action: 'refused', fromStatus: null, toStatus: null, reason: `${action}: not an approver` });
  return false;
}

/** Approve all: the train leaves; the runner carries it (not awaited: the click is answered already). */
export async function approveBatch(deps: Deps, runner: BatchRunner, click: Click): Promise<BatchDecision> {
  if (!(await guard(deps, click, 'approve release train'))) return { kind: 'not-allowed' };
  const outcome = deps.store.atomically(() => {
    const o = deps.store.batches.approveAll(click.batchId, click.userId);
    if (o.kind === 'approved') {
      const busy = o.busy.length ? ` ${o.busy.length} could not start (another release in flight).` : '';
      oweBatchReply(deps, o.batch, textMessage(`:thumbsup: <@${click.userId}> approved the release train: ${o.started.length} connectors.${busy}`));
    }
    return o;
  });
  if (outcome.kind === 'unknown') return outcome;
  if (outcome.kind === 'not-proposed') return { kind: 'not-open', batch: outcome.batch };
  const batch = outcome.batch;
  await runner.updateCard(batch.id);
  void runner.run(batch.id);
  return { kind: 'done', batch };
}

export async function cancelBatch(deps: Deps, runner: BatchRunner, click: Click): Promise<BatchDecision> {
  if (!(await guard(deps, click, 'cancel release train'))) return { kind: 'not-allowed' };
  const before = deps.store.batches.get(click.batchId);
  if (!before) return { kind: 'unknown' };
  const batch = deps.store.batches.cancel(click.batchId, click.userId);
  if (!batch) return { kind: 'not-open', batch: before };
  await runner.updateCard(batch.id);
  return { kind: 'done', batch };
}

/** One connector's bump, or leaving it out (and putting it back), while the train waits. */
export async function changeMember(deps: Deps, runner: BatchRunner, click: { userId: string; releaseId: number; choice: string }): Promise<BatchDecision> {
  const member = deps.store.releases.get(click.releaseId);
  const batch = member?.batchId != null ? deps.store.batches.get(member.batchId) : undefined;
  if (!member || !batch || (click.choice !== 'leave-out' && !isBump(click.choice))) return { kind: 'unknown' };
  if (!(await guard(deps, { batchId: batch.id, userId: click.userId }, `change ${member.repo} to ${click.choice}`))) return { kind: 'not-allowed' };
  if (batch.status !== 'proposed') return { kind: 'not-open', batch };
  const { releases } = deps.store;
  if (click.choice === 'leave-out') {
    releases.advance(member.id, 'proposed', 'skipped', click.userId, 'left out of the release train');
  } else if (isBump(click.choice)) {
    if (member.status === 'skipped') releases.advance(member.id, 'skipped', 'proposed', click.userId, 'put back into the release train');
    const version = nextVersion({ lastRelease: member.currentVersion, lastPrerelease: member.lastPrerelease }, click.choice, member.pre ?? undefined);
    releases.changeBump(member.id, click.userId, { bump: click.choice, nextVersion: version, tag: formatTag(version, member.tagPrefix) });
  }
  await runner.updateCard(batch.id);
  return { kind: 'done', batch };
}

export async function retryFailed(deps: Deps, runner: BatchRunner, click: Click): Promise<BatchDecision> {
  if (!(await guard(deps, click, 'retry failed connectors'))) return { kind: 'not-allowed' };
  const batch = deps.store.batches.get(click.batchId);
  if (!batch) return { kind: 'unknown' };
  const retried = deps.store.atomically(() => {
    const r = deps.store.batches.retryFailed(batch.id, click.userId);
    if (r.length > 0) oweBatchReply(deps, batch, textMessage(`:repeat: <@${click.userId}> retried ${r.length} failed connector${r.length === 1 ? '' : 's'}.`));
    return r;
  });
  if (retried.length === 0) return { kind: 'not-open', batch };
  await runner.updateCard(batch.id);
  void runner.run(batch.id);
  return { kind: 'done', batch: deps.store.batches.get(batch.id)! };
}


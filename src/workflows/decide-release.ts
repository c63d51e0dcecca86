import type { Bump } from '../domain/bump.js';
import { nextVersion } from '../domain/next-version.js';
import { formatTag } from '../domain/parse-tag.js';
import type { Release } from '../domain/release.js';
import type { Deps } from './deps.js';
import { owe } from './owe.js';
import { parentUpdate, reply } from './owe-release-messages.js';
import { rolloutInThread } from './release-parent.js';
import type { ReleaseRunner } from './release-runner.js';
import { requireApprover, type Refusal } from './require-approver.js';

export type DecisionOutcome =
  /** done, or an approval counted towards the policy's N (the message says where it stands) */
  | { kind: 'done'; release: Release }
  /** not an approver of this repository, or (`why: 'self-approval'`) the person who asked for it */
  | { kind: 'not-allowed'; why: Refusal }
  /** this person's approval counts already */
  | { kind: 'already-approved'; release: Release }
  | { kind: 'unknown' }
  | { kind: 'not-proposed'; release: Release }
  | { kind: 'busy'; inFlight: Release }
  /** the bump would make a tag that already exists on another commit: the bot never moves a tag */
  | { kind: 'tag-taken'; release: Release; tag: string; commitSha: string };

interface Click {
  releaseId: number;
  userId: string;
}

type DecideDeps = Pick<Deps, 'config' | 'directory' | 'store' | 'narrator' | 'deployer'>;
type BumpDeps = DecideDeps & Pick<Deps, 'github'>;

/** The approvers of the release's policy (the global ones without); for an approval, not the person who asked under `selfApproval: false`. */
async function guard(deps: DecideDeps, click: Click, action: string, release: Release | undefined, o: { approval?: boolean } = {}) {
  const verdict = await requireApprover(
    deps,
    { userId: click.userId, subjectType: 'release', subjectId: String(click.releaseId), action },
    { policy: release?.policy ?? null, requester: o.approval && release ? release : undefined },
  );
  return verdict.allowed ? null : ({ kind: 'not-allowed', why: verdict.why } as const);
}

/**
 * Approve: the approval is recorded; the policy's N-th distinct one moves the release to
 * approved, and the runner takes it to the end (not awaited: the click is already answered).
 * Before that, the proposal shows who approved and who may still approve.
 */
export async function approveRelease(deps: DecideDeps, runner: Pick<ReleaseRunner, 'run'>, click: Click): Promise<DecisionOutcome> {
  const release = await deps.store.releases.get(click.releaseId);
  const refused = await guard(deps, click, 'approve', release, { approval: true });
  if (refused) return refused;
  if (!release) return { kind: 'unknown' };
  const outcome = await deps.store.transaction(async (tx) => {
    const approved = await tx.releases.approve(click.releaseId, click.userId);
    if (approved.kind === 'approved') await owe(tx, parentUpdate(deps, approved.release));
    if (approved.kind === 'counted')
      await owe(tx, parentUpdate(deps, approved.release), reply(deps, approved.release, { kind: 'approval-counted', by: click.userId }));
    return approved;
  });
  if (outcome.kind === 'already') return { kind: 'already-approved', release: outcome.release };
  if (outcome.kind === 'counted') return { kind: 'done', release: outcome.release };
  if (outcome.kind !== 'approved') return outcome;
  void runner.run(outcome.release.id);
  return { kind: 'done', release: outcome.release };
}

export async function skipRelease(deps: DecideDeps, click: Click): Promise<DecisionOutcome> {
  const release = await deps.store.releases.get(click.releaseId);
  const refused = await guard(deps, click, 'skip', release);
  if (refused) return refused;
  if (!release) return { kind: 'unknown' };
  const skipped = await deps.store.transaction(async (tx) => {
    const moved = await tx.releases.advance(release.id, 'proposed', 'skipped', click.userId, 'skipped in Slack', { approvedBy: click.userId });
    if (moved) await owe(tx, parentUpdate(deps, moved), reply(deps, moved, { kind: 'skipped', by: click.userId }));
    return moved;
  });
  if (!skipped) return { kind: 'not-proposed', release };
  return { kind: 'done', release: skipped };
}

/** Another bump: the next version is worked out again from the same base; the proposal re-renders with a warning when it is lower than the commits call for. */
export async function changeBump(deps: BumpDeps, click: Click & { bump: Bump }): Promise<DecisionOutcome> {
  const release = await deps.store.releases.get(click.releaseId);
  const refused = await guard(deps, click, `change bump to ${click.bump}`, release);
  if (refused) return refused;
  if (!release) return { kind: 'unknown' };
  if (release.status !== 'proposed') return { kind: 'not-proposed', release };
  const version = nextVersion({ lastRelease: release.currentVersion, lastPrerelease: release.lastPrerelease }, click.bump, release.pre ?? undefined);
  const tag = formatTag(version, release.tagPrefix);
  // Said now, at the click, rather than as a failed release after the approval.
  const taken = await deps.github.findTag(release.repo, tag);
  if (taken && taken.commitSha !== release.sha) return { kind: 'tag-taken', release, tag, commitSha: taken.commitSha };
  const changed = await deps.store.transaction(async (tx) => {
    // the approvals the change voids, read in the unit of work that voids them
    const reset = (await tx.releases.get(release.id))?.approvals.length ?? 0;
    const updated = await tx.releases.changeBump(release.id, click.userId, { bump: click.bump, nextVersion: version, tag });
    if (updated) await owe(tx, parentUpdate(deps, updated), reply(deps, updated, { kind: 'bump-changed', by: click.userId, approvalsReset: reset }));
    return updated;
  });
  if (!changed) return { kind: 'not-proposed', release };
  return { kind: 'done', release: changed };
}

/** failed → approved: the steps start again, and each finds whatever was already done. */
export async function retryRelease(deps: DecideDeps, runner: Pick<ReleaseRunner, 'run'>, click: Click): Promise<DecisionOutcome> {
  const before = await deps.store.releases.get(click.releaseId);
  const refused = await guard(deps, click, 'retry', before);
  if (refused) return refused;
  const rollout = before && (await rolloutInThread(deps, before));
  // Busy (another release of the repo in flight) is an outcome, not an exception: a database error is not "already failed".
  const outcome = await deps.store.transaction(async (tx) => {
    const o = await tx.releases.retry(click.releaseId, click.userId);
    if (o.kind === 'retried') {
      await owe(tx, parentUpdate(deps, o.release, rollout), reply(deps, o.release, { kind: 'retried', by: click.userId }));
      // the retry reply stands for the approval: the runner tells the steps from here
      await tx.releases.setReported(o.release.id, 'approved');
    }
    return o;
  });
  if (outcome.kind === 'unknown' || outcome.kind === 'busy') return outcome;
  if (outcome.kind === 'not-failed') return { kind: 'not-proposed', release: outcome.release };
  void runner.run(outcome.release.id);
  return { kind: 'done', release: outcome.release };
}

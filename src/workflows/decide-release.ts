import type { Bump } from '../domain/bump.js';
import { nextVersion } from '../domain/next-version.js';
import { formatTag } from '../domain/parse-tag.js';
import type { Release } from '../domain/release.js';
import { releaseReplies } from '../slack/blocks/release-replies.js';
import type { Deps } from './deps.js';
import { isApprover } from './is-approver.js';
import { oweParentUpdate, oweReply } from './owe-release-messages.js';
import type { ReleaseRunner } from './release-runner.js';

export type DecisionOutcome =
  | { kind: 'done'; release: Release }
  | { kind: 'not-allowed' }
  | { kind: 'unknown' }
  | { kind: 'not-proposed'; release: Release }
  | { kind: 'busy'; inFlight: Release };

interface Click { releaseId: number; userId: string }

/** Refusals are audited: who tried what, on which release. */
async function guard(deps: Deps, click: Click, action: string): Promise<boolean> {
  if (await isApprover(deps, click.userId)) return true;
  deps.store.audit.append({
    actor: click.userId, subjectType: 'release', subjectId: String(click.releaseId), action: 'refused', fromStatus: null, toStatus: null,
    reason: `${action}: not an approver`,
  });
  return false;
}

/** Approve: proposed → approved, then the runner takes the release to the end (not awaited: the click is already answered). */
export async function approveRelease(deps: Deps, runner: ReleaseRunner, click: Click): Promise<DecisionOutcome> {
  if (!(await guard(deps, click, 'approve'))) return { kind: 'not-allowed' };
  const outcome = deps.store.atomically(() => {
    const approved = deps.store.releases.approve(click.releaseId, click.userId);
    if (approved.kind === 'approved') oweParentUpdate(deps, approved.release);
    return approved;
  });
  if (outcome.kind !== 'approved') return outcome;
  const release = outcome.release;
  void runner.run(release.id);
  return { kind: 'done', release };
}

export async function skipRelease(deps: Deps, click: Click): Promise<DecisionOutcome> {
  if (!(await guard(deps, click, 'skip'))) return { kind: 'not-allowed' };
  const release = deps.store.releases.get(click.releaseId);
  if (!release) return { kind: 'unknown' };
  const skipped = deps.store.atomically(() => {
    const moved = deps.store.releases.advance(release.id, 'proposed', 'skipped', click.userId, 'skipped in Slack', { approvedBy: click.userId });
    if (moved) {
      oweParentUpdate(deps, moved);
      oweReply(deps, moved, releaseReplies.skipped(click.userId));
    }
    return moved;
  });
  if (!skipped) return { kind: 'not-proposed', release };
  return { kind: 'done', release: skipped };
}

/** Another bump: the next version is worked out again from the same base; the proposal re-renders with a warning when it is lower than the commits call for. */
export async function changeBump(deps: Deps, click: Click & { bump: Bump }): Promise<DecisionOutcome> {
  if (!(await guard(deps, click, `change bump to ${click.bump}`))) return { kind: 'not-allowed' };
  const release = deps.store.releases.get(click.releaseId);
  if (!release) return { kind: 'unknown' };
  if (release.status !== 'proposed') return { kind: 'not-proposed', release };
  const version = nextVersion({ lastRelease: release.currentVersion, lastPrerelease: release.lastPrerelease }, click.bump, release.pre ?? undefined);
  const changed = deps.store.atomically(() => {
    const updated = deps.store.releases.changeBump(release.id, click.userId, { bump: click.bump, nextVersion: version, tag: formatTag(version, release.tagPrefix) });
    if (updated) {
      oweParentUpdate(deps, updated);
      oweReply(deps, updated, releaseReplies.bumpChanged(updated, click.userId));
    }
    return updated;
  });
  if (!changed) return { kind: 'not-proposed', release };
  return { kind: 'done', release: changed };
}

/** failed → approved: the steps start again, and each finds whatever was already done. */
export async function retryRelease(deps: Deps, runner: ReleaseRunner, click: Click): Promise<DecisionOutcome> {
  if (!(await guard(deps, click, 'retry'))) return { kind: 'not-allowed' };
  // Busy (another release of the repo in flight) is an outcome, not an exception: a database error is not "already failed".
  const outcome = deps.store.atomically(() => {
    const o = deps.store.releases.retry(click.releaseId, click.userId);
    if (o.kind === 'retried') {
      oweParentUpdate(deps, o.release);
      oweReply(deps, o.release, releaseReplies.retried(o.release, click.userId));
      // the retry reply stands for the approval: the runner tells the steps from here
      deps.store.releases.setReported(o.release.id, 'approved');
    }
    return o;
  });
  if (outcome.kind === 'unknown' || outcome.kind === 'busy') return outcome;
  if (outcome.kind === 'not-failed') return { kind: 'not-proposed', release: outcome.release };
  const retried = outcome.release;
  void runner.run(retried.id);
  return { kind: 'done', release: retried };
}

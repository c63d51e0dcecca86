import { checksHolding, type Gate } from '../domain/bypass.js';
import type { Release } from '../domain/release.js';
import type { Deps } from './deps.js';
import { freezeHolding } from './freeze-gate.js';
import { owe } from './owe.js';
import { parentUpdate, reply } from './owe-release-messages.js';
import type { ReleaseRunner } from './release-runner.js';
import { isListed } from './require-approver.js';

export type ReleaseAnywayOutcome =
  | { kind: 'done'; release: Release; what: Gate[] }
  /** may open the modal: these gates hold it */
  | { kind: 'may'; release: Release; what: Gate[] }
  | { kind: 'not-allowed' }
  | { kind: 'unknown' }
  /** nothing holds it (the freeze ended meanwhile, or it was released past it already) */
  | { kind: 'nothing-to-bypass'; release: Release }
  /** neither an open proposal nor an approved release waiting */
  | { kind: 'not-open'; release: Release };

type AnywayDeps = Pick<Deps, 'config' | 'directory' | 'store' | 'narrator' | 'now'>;

/** The gates that hold a release now and break-glass may pass: a freeze, and red or pending checks (`requireChecks`). */
async function holding(deps: AnywayDeps, r: Release): Promise<Gate[]> {
  const what: Gate[] = [];
  if (await freezeHolding(deps, r)) what.push('freeze');
  if (checksHolding(r)) what.push('checks');
  return what;
}

/** Open to break-glass: a proposal, an approved release waiting, or one its red checks failed (before anything was tagged). */
function isOpen(r: Release): boolean {
  if (r.batchId !== null) return false;
  return r.status === 'proposed' || r.status === 'approved' || (r.status === 'failed' && r.checks?.verdict === 'block');
}

/**
 * Break-glass (`breakGlass` users and groups), checked on the server at every click and
 * submission; a refusal is audited. Then whether anything holds the release.
 */
async function check(deps: AnywayDeps, c: { releaseId: number; userId: string }): Promise<ReleaseAnywayOutcome> {
  if (!(await isListed(deps, c.userId, deps.config.breakGlass))) {
    await deps.store.audit.append({
      actor: c.userId,
      subjectType: 'release',
      subjectId: String(c.releaseId),
      action: 'refused',
      fromStatus: null,
      toStatus: null,
      reason: 'release anyway: not in breakGlass',
    });
    return { kind: 'not-allowed' };
  }
  const release = await deps.store.releases.get(c.releaseId);
  if (!release) return { kind: 'unknown' };
  if (!isOpen(release)) return { kind: 'not-open', release };
  const what = await holding(deps, release);
  return what.length === 0 ? { kind: 'nothing-to-bypass', release } : { kind: 'may', release, what };
}

/** The click on "Release anyway": whether this person may, before the modal asks for a reason. */
export function mayReleaseAnyway(deps: AnywayDeps, c: { releaseId: number; userId: string }): Promise<ReleaseAnywayOutcome> {
  return check(deps, c);
}

/**
 * The modal submitted with a reason: the bypass is recorded on the release (who, why, what; a
 * gate reads it) and audited, the thread says so, and an approved release goes on at once (one
 * its red checks failed is approved again, as a Retry would); a proposal goes as soon as it is
 * approved.
 */
export async function releaseAnyway(
  deps: AnywayDeps,
  runner: Pick<ReleaseRunner, 'run'>,
  c: { releaseId: number; userId: string; reason: string },
): Promise<ReleaseAnywayOutcome> {
  const checked = await check(deps, c);
  if (checked.kind !== 'may') return checked;
  const { what } = checked;
  const release = await deps.store.transaction(async (tx) => {
    let r = (await tx.releases.bypass(c.releaseId, { by: c.userId, reason: c.reason, what })) ?? checked.release;
    if (r.status === 'failed') {
      const retried = await tx.releases.retry(r.id, c.userId);
      if (retried.kind === 'retried') {
        r = retried.release;
        // the bypass reply stands for the approval: the runner tells the steps from here
        await tx.releases.setReported(r.id, 'approved');
      }
    }
    const shown = (await tx.releases.setFrozen(r.id, null)) ?? r;
    await owe(tx, reply(deps, shown, { kind: 'bypassed', by: c.userId, reason: c.reason, what }), parentUpdate(deps, shown));
    return shown;
  });
  if (release.status === 'approved') void runner.run(release.id);
  return { kind: 'done', release, what };
}

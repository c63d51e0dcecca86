import { type ChecksBypass, checksVerdict, describeFailing, describeSummary, summarizeChecks, type GateVerdict } from '../domain/checks-gate.js';
import type { Release, ReleaseChecks } from '../domain/release.js';
import type { CommitChecks } from './ports/github.js';
import type { Deps } from './deps.js';
import { owe } from './owe.js';
import { parentUpdate, reply } from './owe-release-messages.js';

/** The checks of a commit as a release records them, with the gate's verdict under its policy. */
export function releaseChecks(
  read: CommitChecks,
  required: boolean,
  at: Date,
  source: ReleaseChecks['source'] = 'gate',
  bypass: ChecksBypass | null = null,
): { checks: ReleaseChecks; verdict: GateVerdict } {
  const summary = summarizeChecks(read.statuses, read.checkRuns);
  const verdict = checksVerdict({ required, summary, bypass });
  return { checks: { summary, verdict: verdict.kind, readAt: at.toISOString(), source, toldWaiting: false }, verdict };
}

/** For the proposal: the commit's checks when its policy requires them (nothing read otherwise). */
export async function proposalChecks(deps: Pick<Deps, 'github'>, repo: string, sha: string, required: boolean): Promise<ReleaseChecks | null> {
  if (!required) return null;
  return releaseChecks(await deps.github.readChecks(repo, sha), true, new Date(), 'proposal').checks;
}

/** The reason a red gate gives: the failing checks by name, with their links. */
export function failingReason(r: Pick<Release, 'sha'>, verdict: Extract<GateVerdict, { kind: 'block' }>): string {
  return `checks failed on ${r.sha.slice(0, 7)}: ${describeFailing(verdict.failing)}. Nothing was tagged. Fix or re-run them, then press Retry (the checks are read again).`;
}

/**
 * A train's connector: the checks the train's sweep read of its proposed commit gate it alone.
 * Recorded with the verdict (a new verdict audited); its card shows them.
 */
export async function judgeMemberChecks(
  deps: Pick<Deps, 'store'>,
  r: Release,
  read: CommitChecks | null | undefined,
  now: Date,
): Promise<{ verdict: GateVerdict; release: Release; reason: string }> {
  const { checks, verdict } = releaseChecks(read ?? { statuses: [], checkRuns: [] }, true, now);
  const summary = read ? describeSummary(checks.summary) : 'the commit was not found';
  const reason =
    verdict.kind === 'block' ? failingReason(r, verdict) : verdict.kind === 'wait' ? `waiting for checks (${summary})` : `checks green (${summary})`;
  const release = (await deps.store.releases.recordChecks(r.id, { ...checks, toldWaiting: verdict.kind === 'wait' }, 'bot', reason)) ?? r;
  return { verdict, release, reason };
}

export type GateOutcome = { kind: 'go'; release: Release } | { kind: 'wait'; release: Release } | { kind: 'block'; release: Release; reason: string };

/**
 * Reads an approved release's checks again, just before its tag, whatever the proposal showed;
 * records them with the verdict (a new verdict is audited) and tells the thread, in the same unit
 * of work: that it waits (once, also across restarts), and that it goes on when they turn green.
 */
export async function passChecksGate(
  deps: Pick<Deps, 'github' | 'store' | 'narrator' | 'config'>,
  r: Release,
  now: Date,
  /** a recorded break-glass bypass of the checks: the release goes whatever they say, and the audit log says who and why */
  bypass: ChecksBypass | null = null,
): Promise<GateOutcome> {
  const read = await deps.github.readChecks(r.repo, r.sha);
  const wasWaiting = r.checks?.toldWaiting ?? false;
  const { checks, verdict } = releaseChecks(read, true, now, 'gate', bypass);
  const tellWaiting = verdict.kind === 'wait' && !wasWaiting;
  const tellGreen = verdict.kind === 'go' && wasWaiting;
  // Once told, a waiting release stays told until the gate lets it go (or blocks it).
  const stored: ReleaseChecks = { ...checks, toldWaiting: verdict.kind === 'wait' };
  const why =
    verdict.kind === 'block'
      ? `checks red: ${describeFailing(verdict.failing)}`
      : verdict.kind === 'wait'
        ? `waiting for checks (${describeSummary(checks.summary)})`
        : verdict.bypass
          ? `checks bypassed by ${verdict.bypass.by}: ${verdict.bypass.reason} (${describeSummary(checks.summary)})`
          : `checks green (${describeSummary(checks.summary)})`;
  const release = await deps.store.transaction(async (tx) => {
    const recorded = (await tx.releases.recordChecks(r.id, stored, 'bot', `${why} on ${r.sha.slice(0, 7)}`)) ?? r;
    if (tellWaiting) await owe(tx, reply(deps, recorded, { kind: 'checks-waiting' }), parentUpdate(deps, recorded));
    if (tellGreen) await owe(tx, reply(deps, recorded, { kind: 'checks-green' }), parentUpdate(deps, recorded));
    return recorded;
  });
  if (verdict.kind === 'block') return { kind: 'block', release, reason: failingReason(r, verdict) };
  return { kind: verdict.kind, release };
}

/**
 * The state machine of one release (DESIGN.md §5):
 *
 *   proposed ─approve─▶ approved ─▶ tagged ─▶ published ─▶ notified
 *      └─▶ skipped | cancelled | expired   └───┴──────────┴─▶ failed
 *
 * A failed release may be retried (failed → approved); a connector left out of a release train
 * may be put back (skipped → proposed). A proposal past its policy's `expireAfter` without
 * enough approvals expires (proposed → expired); it is final: run /release again.
 */
export type ReleaseStatus = 'proposed' | 'approved' | 'tagged' | 'published' | 'notified' | 'skipped' | 'cancelled' | 'expired' | 'failed';

/** Rows that nothing resumes on start-up: `proposed` waits for a person, the rest are final. */
export const RELEASE_AT_REST: readonly ReleaseStatus[] = ['proposed', 'notified', 'skipped', 'cancelled', 'expired', 'failed'];

/** The one list of statuses of a release being carried out (the store's queries and its unique index follow it). */
export const RELEASE_IN_FLIGHT: readonly ReleaseStatus[] = ['approved', 'tagged', 'published'];

/** The side effect that takes a release in flight one step further. */
const NEXT_STEP: Partial<Record<ReleaseStatus, 'tag' | 'publish' | 'notify'>> = {
  approved: 'tag',
  tagged: 'publish',
  published: 'notify',
};

const TRANSITIONS: Readonly<Record<ReleaseStatus, readonly ReleaseStatus[]>> = {
  // proposed → failed: a release train's connector that could not start (another release of it in flight).
  proposed: ['approved', 'skipped', 'cancelled', 'expired', 'failed'],
  approved: ['tagged', 'failed'],
  tagged: ['published', 'failed'],
  published: ['notified', 'failed'],
  notified: [],
  // A connector left out of a release train can be put back before the train leaves.
  skipped: ['proposed'],
  cancelled: [],
  expired: [],
  // An approver may retry a failed release: it starts again from the first step, whose check finds any work already done.
  failed: ['approved'],
};

/** A release being carried out: at most one per repository, resumed after a restart. */
export function isReleaseInFlight(s: ReleaseStatus): boolean {
  return RELEASE_IN_FLIGHT.includes(s);
}

export function nextReleaseStep(s: ReleaseStatus): 'tag' | 'publish' | 'notify' | null {
  return NEXT_STEP[s] ?? null;
}

export function canTransition(from: ReleaseStatus, to: ReleaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

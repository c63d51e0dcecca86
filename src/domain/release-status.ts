/**
 * The state machine of one release (DESIGN.md §5):
 *
 *   proposed ─approve─▶ approved ─▶ tagged ─▶ published ─▶ notified
 *      └─▶ skipped | cancelled | expired   └───┴──────────┴─▶ failed
 *
 * A connector in a release train skips `tagged`: one `POST /releases` with the proposed commit
 * as `target_commitish` makes its (lightweight) tag and its release (approved ─▶ published), and
 * the train's verify sweep takes it on (published ─▶ notified, or ─▶ failed when its tag turned
 * up on another commit).
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
export type ReleaseStep = 'tag' | 'publish' | 'notify' | 'release';

const NEXT_STEP: Partial<Record<ReleaseStatus, ReleaseStep>> = {
  approved: 'tag',
  tagged: 'publish',
  published: 'notify',
};

/**
 * A train's connector: one write (`release`) makes the tag and the release; the train, not the
 * connector, verifies the tags afterwards (one sweep for all), so `published` has no step here.
 * `tagged` is only met in a train approved before the one-write flow, and finishes as it began.
 */
const TRAIN_NEXT_STEP: Partial<Record<ReleaseStatus, ReleaseStep>> = {
  approved: 'release',
  tagged: 'publish',
};

const TRANSITIONS: Readonly<Record<ReleaseStatus, readonly ReleaseStatus[]>> = {
  // proposed → failed: a release train's connector that could not start (another release of it in flight).
  proposed: ['approved', 'skipped', 'cancelled', 'expired', 'failed'],
  // approved → published: a train's connector, tagged and released by one request.
  approved: ['tagged', 'published', 'failed'],
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

export function nextReleaseStep(s: ReleaseStatus, o: { inTrain?: boolean } = {}): ReleaseStep | null {
  return (o.inTrain ? TRAIN_NEXT_STEP : NEXT_STEP)[s] ?? null;
}

export function canTransition(from: ReleaseStatus, to: ReleaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

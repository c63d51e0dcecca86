import { describe, expect, it } from 'vitest';
import { canTransition, isReleaseInFlight, nextReleaseStep, RELEASE_AT_REST, type ReleaseStatus } from '../../src/domain/release-status.js';

const ALL: ReleaseStatus[] = ['proposed', 'approved', 'tagged', 'published', 'notified', 'skipped', 'cancelled', 'expired', 'failed'];

describe('release status', () => {
  it('is at rest when waiting for a person or finished', () => {
    expect([...RELEASE_AT_REST].sort()).toEqual(['cancelled', 'expired', 'failed', 'notified', 'proposed', 'skipped']);
  });

  it('is in flight between approval and the notice, and every status is one or the other', () => {
    expect(ALL.filter(isReleaseInFlight)).toEqual(['approved', 'tagged', 'published']);
    expect(ALL.filter((s) => !isReleaseInFlight(s)).sort()).toEqual([...RELEASE_AT_REST].sort());
  });

  it('names the next side effect of a release in flight, and none at rest', () => {
    expect(ALL.map((s) => [s, nextReleaseStep(s)])).toEqual([
      ['proposed', null],
      ['approved', 'tag'],
      ['tagged', 'publish'],
      ['published', 'notify'],
      ['notified', null],
      ['skipped', null],
      ['cancelled', null],
      ['expired', null],
      ['failed', null],
    ]);
  });

  it("takes a train's connector from approval to its release in one step, and leaves the verify to the train", () => {
    expect(ALL.map((s) => [s, nextReleaseStep(s, { inTrain: true })])).toEqual([
      ['proposed', null],
      ['approved', 'release'],
      ['tagged', 'publish'],
      ['published', null],
      ['notified', null],
      ['skipped', null],
      ['cancelled', null],
      ['expired', null],
      ['failed', null],
    ]);
  });

  it('allows exactly the transitions of the state machine', () => {
    const allowed = ALL.flatMap((from) => ALL.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`));
    expect(allowed).toEqual([
      'proposed->approved',
      'proposed->skipped',
      'proposed->cancelled',
      'proposed->expired',
      'proposed->failed',
      'approved->tagged',
      'approved->published',
      'approved->failed',
      'tagged->published',
      'tagged->failed',
      'published->notified',
      'published->failed',
      'skipped->proposed',
      'failed->approved',
    ]);
  });

  it('never goes back, skips a step or leaves a final status, except a retry and a put-back', () => {
    expect(canTransition('tagged', 'approved')).toBe(false);
    expect(canTransition('approved', 'notified')).toBe(false);
    expect(canTransition('proposed', 'tagged')).toBe(false);
    expect(canTransition('failed', 'tagged')).toBe(false);
    expect(canTransition('cancelled', 'proposed')).toBe(false);
    expect(canTransition('notified', 'notified')).toBe(false);
  });
});

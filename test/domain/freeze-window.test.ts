import { describe, expect, it } from 'vitest';
import {
  activeFreeze,
  lastEnded,
  nextBoundary,
  nextWindow,
  parseWeeklyWindow,
  windowAt,
  type AdHocFreeze,
  type ScheduledFreeze,
} from '../../src/domain/freeze-window.js';
import { zonedInstant } from '../../src/domain/zoned-time.js';

const weekend: ScheduledFreeze = { kind: 'weekly', ...parseWeeklyWindow('fri 16:00 - mon 08:00')!, timeZone: 'Europe/Berlin', reason: 'no weekend releases' };
const holidays: ScheduledFreeze = {
  kind: 'absolute',
  from: new Date('2026-12-22T00:00:00Z'),
  to: new Date('2027-01-04T00:00:00Z'),
  reason: 'holidays',
};
const at = (iso: string) => new Date(iso);
const span = (w: { start: Date; end: Date } | null) => w && [w.start.toISOString(), w.end.toISOString()];

describe('freeze windows', () => {
  it('reads a weekly window, and refuses one that starts where it ends or names no weekday', () => {
    expect(parseWeeklyWindow('fri 16:00 - mon 08:00')).toEqual({ start: { weekday: 5, hour: 16, minute: 0 }, end: { weekday: 1, hour: 8, minute: 0 } });
    expect(parseWeeklyWindow('FRI 16:00-MON 08:00')).not.toBeNull();
    expect(parseWeeklyWindow('fri 16:00 - fri 16:00')).toBeNull();
    expect(parseWeeklyWindow('friday 16:00 - mon 08:00')).toBeNull();
    expect(parseWeeklyWindow('fri 24:00 - mon 08:00')).toBeNull();
  });

  it("holds a weekend across Berlin's spring change (last Sunday of March): 63 hours, not 64", () => {
    // Friday 16:00 CET is 15:00 UTC; Monday 08:00 CEST is 06:00 UTC
    expect(span(windowAt(at('2026-03-28T12:00:00Z'), weekend))).toEqual(['2026-03-27T15:00:00.000Z', '2026-03-30T06:00:00.000Z']);
    expect(windowAt(at('2026-03-27T14:59:00Z'), weekend)).toBeNull();
    expect(windowAt(at('2026-03-27T15:00:00Z'), weekend)).not.toBeNull();
    expect(windowAt(at('2026-03-30T05:59:00Z'), weekend)).not.toBeNull();
    expect(windowAt(at('2026-03-30T06:00:00Z'), weekend)).toBeNull();
  });

  it("holds a weekend across Berlin's autumn change (last Sunday of October): 65 hours", () => {
    // Friday 16:00 CEST is 14:00 UTC; Monday 08:00 CET is 07:00 UTC
    expect(span(windowAt(at('2026-10-25T01:30:00Z'), weekend))).toEqual(['2026-10-23T14:00:00.000Z', '2026-10-26T07:00:00.000Z']);
    expect(windowAt(at('2026-10-26T06:59:00Z'), weekend)).not.toBeNull();
    expect(windowAt(at('2026-10-26T07:00:00Z'), weekend)).toBeNull();
  });

  it('finds the next window, the last one ended and the next boundary', () => {
    const wednesday = at('2026-03-25T12:00:00Z');
    expect(windowAt(wednesday, weekend)).toBeNull();
    expect(span(nextWindow(wednesday, weekend))).toEqual(['2026-03-27T15:00:00.000Z', '2026-03-30T06:00:00.000Z']);
    expect(span(lastEnded(wednesday, weekend))).toEqual(['2026-03-20T15:00:00.000Z', '2026-03-23T07:00:00.000Z']);
    expect(nextBoundary(wednesday, [weekend, holidays])).toEqual(at('2026-03-27T15:00:00Z'));
    expect(nextBoundary(at('2026-03-28T00:00:00Z'), [weekend])).toEqual(at('2026-03-30T06:00:00Z'));
    expect(nextBoundary(at('2027-02-01T00:00:00Z'), [holidays])).toBeNull();
    // the same window twice has the same id: it is told once
    expect(windowAt(at('2026-03-28T00:00:00Z'), weekend)?.id).toBe(windowAt(at('2026-03-29T20:00:00Z'), weekend)?.id);
  });

  it('lands a minute skipped by the spring change an hour later, and takes a repeated autumn minute the second time', () => {
    expect(zonedInstant({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin')).toEqual(at('2026-03-29T01:30:00Z'));
    expect(zonedInstant({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin')).toEqual(at('2026-10-25T01:30:00Z'));
    expect(zonedInstant({ year: 2026, month: 7, day: 1, hour: 9, minute: 0 }, 'America/New_York')).toEqual(at('2026-07-01T13:00:00Z'));
  });

  it('holds an absolute window from `from` up to, not including, `to`', () => {
    expect(windowAt(at('2026-12-21T23:59:59Z'), holidays)).toBeNull();
    expect(windowAt(at('2026-12-22T00:00:00Z'), holidays)?.reason).toBe('holidays');
    expect(windowAt(at('2027-01-04T00:00:00Z'), holidays)).toBeNull();
  });

  it('says which freeze holds a repository: an ad hoc one first, of the repo or of all', () => {
    const adHoc: AdHocFreeze[] = [{ id: 1, scope: 'widget', reason: 'incident 42', by: 'U1', at: '2026-03-25T00:00:00Z' }];
    const wed = at('2026-03-25T12:00:00Z');
    expect(activeFreeze(wed, [weekend], adHoc, 'widget')).toEqual({
      id: 'adhoc-1',
      reason: 'incident 42',
      until: null,
      source: 'ad-hoc',
      by: 'U1',
      scope: 'widget',
    });
    expect(activeFreeze(wed, [weekend], adHoc, 'site')).toBeNull();
    expect(activeFreeze(wed, [], [{ ...adHoc[0]!, scope: 'all' }], 'site')?.scope).toBe('all');
    expect(activeFreeze(at('2026-03-28T12:00:00Z'), [weekend], [], 'site')).toEqual({
      id: '2026-03-27T15:00:00.000Z/2026-03-30T06:00:00.000Z',
      reason: 'no weekend releases',
      until: '2026-03-30T06:00:00.000Z',
      source: 'scheduled',
      by: null,
      scope: 'all',
    });
  });
});

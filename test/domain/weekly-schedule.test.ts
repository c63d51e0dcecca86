import { describe, expect, it } from 'vitest';
import { dueWeek, isoWeek, parseWeekly, wallClock } from '../../src/domain/weekly-schedule.js';

const berlin = parseWeekly('mon 09:00', 'Europe/Berlin')!;

describe('the weekly digest schedule', () => {
  it('reads a weekday and a time', () => {
    expect(berlin).toEqual({ weekday: 1, hour: 9, minute: 0, timeZone: 'Europe/Berlin' });
    expect(parseWeekly('SUN 23:59', 'UTC')).toMatchObject({ weekday: 7, hour: 23, minute: 59 });
    expect(parseWeekly('mon 9:00', 'UTC')).toBeNull();
    expect(parseWeekly('monday 09:00', 'UTC')).toBeNull();
  });

  it('numbers ISO weeks across year ends', () => {
    expect(isoWeek(2026, 3, 30)).toBe('2026-W14');
    expect(isoWeek(2021, 1, 3)).toBe('2020-W53');
    expect(isoWeek(2024, 12, 30)).toBe('2025-W01');
  });

  it('is due from the scheduled minute in the time zone, winter and summer', () => {
    // winter: Berlin is UTC+1
    expect(dueWeek(new Date('2026-01-05T07:59:00Z'), berlin)).toBeNull();
    expect(dueWeek(new Date('2026-01-05T08:00:00Z'), berlin)).toBe('2026-W02');
    // summer: UTC+2
    expect(dueWeek(new Date('2026-03-30T06:59:00Z'), berlin)).toBeNull();
    expect(dueWeek(new Date('2026-03-30T07:00:00Z'), berlin)).toBe('2026-W14');
    // later in the week: still that week (a bot that was down sends it late)
    expect(dueWeek(new Date('2026-04-03T12:00:00Z'), berlin)).toBe('2026-W14');
  });

  it('takes the week from the local date: Sunday night in UTC is already Monday in Tokyo', () => {
    const tokyo = parseWeekly('mon 08:00', 'Asia/Tokyo')!;
    expect(wallClock(new Date('2026-03-29T23:30:00Z'), 'Asia/Tokyo')).toMatchObject({ weekday: 1, hour: 8, minute: 30 });
    expect(dueWeek(new Date('2026-03-29T23:30:00Z'), tokyo)).toBe('2026-W14');
    // in UTC it is still Sunday: the digest due is the one of week 13
    expect(dueWeek(new Date('2026-03-29T23:30:00Z'), { ...tokyo, timeZone: 'UTC' })).toBe('2026-W13');
  });
});

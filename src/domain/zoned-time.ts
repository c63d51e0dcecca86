import { wallClock } from './weekly-schedule.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A wall-clock minute: a calendar date and a time of day, in no particular zone. */
export interface LocalMinute {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** How far `timeZone` is ahead of UTC at the instant `ms`, in milliseconds (from the zone database Intl carries). */
function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / MINUTE) * MINUTE;
  const w = wallClock(new Date(whole), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - whole;
}

/**
 * The instant a wall-clock minute happens in `timeZone`. Two passes settle the offset on either
 * side of a change. A minute that does not exist (the hour skipped in spring) lands an hour
 * later, as clocks show it; one that happens twice (autumn) is taken the second time, when the
 * clocks have gone back: for a freeze that ends then, the later of the two.
 */
export function zonedInstant(t: LocalMinute, timeZone: string): Date {
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  let at = asUtc - offsetAt(asUtc, timeZone);
  at = asUtc - offsetAt(at, timeZone);
  return new Date(at);
}

/** The calendar date `days` after (or before) a date, by the proleptic Gregorian calendar. */
export function addDays(d: Pick<LocalMinute, 'year' | 'month' | 'day'>, days: number): Pick<LocalMinute, 'year' | 'month' | 'day'> {
  const at = new Date(Date.UTC(d.year, d.month - 1, d.day) + days * DAY);
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
}

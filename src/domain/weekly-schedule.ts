/** `mon 09:00`: a minute of the week, in a time zone. */
export interface WeeklySchedule {
  /** ISO weekday: 1 = Monday … 7 = Sunday */
  weekday: number;
  hour: number;
  minute: number;
  timeZone: string;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const WEEKLY_PATTERN = /^(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):([0-5]\d)$/i;

export function parseWeekly(text: string, timeZone: string): WeeklySchedule | null {
  const m = WEEKLY_PATTERN.exec(text.trim());
  if (!m) return null;
  return { weekday: DAYS.indexOf(m[1]!.toLowerCase()) + 1, hour: Number(m[2]), minute: Number(m[3]), timeZone };
}

/** The wall-clock date and time of `at` in `timeZone` (IANA), from the time zone database Intl carries: no clock read. */
export function wallClock(at: Date, timeZone: string): { year: number; month: number; day: number; weekday: number; hour: number; minute: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: DAYS.indexOf(String(parts.weekday).toLowerCase().slice(0, 3)) + 1,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** `2026-W14`: the ISO 8601 week of a calendar date (the week with the year's first Thursday is week 1). */
export function isoWeek(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}

/**
 * The ISO week (in the schedule's time zone) whose digest is due at `now`: from the scheduled
 * minute to the end of that week, so a bot that was down at 09:00 sends it when it comes back;
 * null before the scheduled minute. Claiming the week makes it once.
 */
export function dueWeek(now: Date, s: WeeklySchedule): string | null {
  const local = wallClock(now, s.timeZone);
  const minuteOfWeek = (local.weekday - 1) * 1440 + local.hour * 60 + local.minute;
  const scheduled = (s.weekday - 1) * 1440 + s.hour * 60 + s.minute;
  return minuteOfWeek >= scheduled ? isoWeek(local.year, local.month, local.day) : null;
}

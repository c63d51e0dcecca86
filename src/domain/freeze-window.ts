import { wallClock } from './weekly-schedule.js';
import { addDays, zonedInstant } from './zoned-time.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_WORD = '(mon|tue|wed|thu|fri|sat|sun)';
const TIME = '([01]\\d|2[0-3]):([0-5]\\d)';
/** `fri 16:00 - mon 08:00`: from a minute of the week to another, in a time zone. */
export const WEEKLY_WINDOW_PATTERN = new RegExp(`^${DAY_WORD} ${TIME}\\s*-\\s*${DAY_WORD} ${TIME}$`, 'i');

/** A minute of the week: ISO weekday (1 = Monday) and time of day. */
export interface WeekMinute {
  weekday: number;
  hour: number;
  minute: number;
}

/** A scheduled freeze of `release-bot.yml` (`freeze:`), read. */
export type ScheduledFreeze =
  | { kind: 'absolute'; from: Date; to: Date; reason: string }
  | { kind: 'weekly'; start: WeekMinute; end: WeekMinute; timeZone: string; reason: string };

/** `/release freeze [<repo>|all] <reason>`, as recorded. */
export interface AdHocFreeze {
  id: number;
  /** a repository, or `all` */
  scope: string;
  reason: string;
  by: string;
  at: string;
}

/** One occurrence of a scheduled freeze: from `start` to `end`; `id` names it (once per window, across restarts). */
export interface FreezeInstance {
  start: Date;
  end: Date;
  reason: string;
  id: string;
}

/** The freeze that holds a repository now: why, until when (null: until someone unfreezes it), and whose. */
export interface Freeze {
  /** names this freeze: `adhoc-<row id>`, or a scheduled occurrence's id (a message about it is owed once) */
  id: string;
  reason: string;
  /** ISO 8601; null for an ad hoc freeze, which lasts until `/release unfreeze` */
  until: string | null;
  source: 'scheduled' | 'ad-hoc';
  /** who froze it (ad hoc) */
  by: string | null;
  /** the repository frozen, or `all` */
  scope: string;
}

export function parseWeeklyWindow(text: string): { start: WeekMinute; end: WeekMinute } | null {
  const m = WEEKLY_WINDOW_PATTERN.exec(text.trim());
  if (!m) return null;
  const start = { weekday: DAYS.indexOf(m[1]!.toLowerCase()) + 1, hour: Number(m[2]), minute: Number(m[3]) };
  const end = { weekday: DAYS.indexOf(m[4]!.toLowerCase()) + 1, hour: Number(m[5]), minute: Number(m[6]) };
  if (ofWeek(start) === ofWeek(end)) return null;
  return { start, end };
}

const ofWeek = (w: WeekMinute) => (w.weekday - 1) * 1440 + w.hour * 60 + w.minute;

/** The occurrence of a minute of the week in `timeZone` nearest to `now`: the next after it, or the last at or before it. */
function occurrence(now: Date, w: WeekMinute, timeZone: string, direction: 'next' | 'last'): Date {
  const local = wallClock(now, timeZone);
  const ahead = (w.weekday - local.weekday + 7) % 7;
  const days = direction === 'next' ? ahead : ahead === 0 ? 0 : ahead - 7;
  const at = (shift: number) => zonedInstant({ ...addDays(local, days + shift), hour: w.hour, minute: w.minute }, timeZone);
  let found = at(0);
  if (direction === 'next' && found <= now) found = at(7);
  if (direction === 'last' && found > now) found = at(-7);
  return found;
}

function instance(f: ScheduledFreeze, start: Date, end: Date): FreezeInstance {
  return { start, end, reason: f.reason, id: `${start.toISOString()}/${end.toISOString()}` };
}

/** The occurrence of `f` that holds at `now`, if any. */
export function windowAt(now: Date, f: ScheduledFreeze): FreezeInstance | null {
  if (f.kind === 'absolute') return f.from <= now && now < f.to ? instance(f, f.from, f.to) : null;
  const start = occurrence(now, f.start, f.timeZone, 'last');
  const end = occurrence(start, f.end, f.timeZone, 'next');
  return now < end ? instance(f, start, end) : null;
}

/** The next occurrence of `f` that starts after `now`, if any. */
export function nextWindow(now: Date, f: ScheduledFreeze): FreezeInstance | null {
  if (f.kind === 'absolute') return f.from > now ? instance(f, f.from, f.to) : null;
  const start = occurrence(now, f.start, f.timeZone, 'next');
  return instance(f, start, occurrence(start, f.end, f.timeZone, 'next'));
}

/** The last occurrence of `f` that ended at or before `now`, if any (to tell the channel it ended, once). */
export function lastEnded(now: Date, f: ScheduledFreeze): FreezeInstance | null {
  if (f.kind === 'absolute') return f.to <= now ? instance(f, f.from, f.to) : null;
  const end = occurrence(now, f.end, f.timeZone, 'last');
  return instance(f, occurrence(new Date(end.getTime() - 60_000), f.start, f.timeZone, 'last'), end);
}

/** When the next scheduled freeze starts or ends after `now`: when to look again. Null: never. */
export function nextBoundary(now: Date, scheduled: readonly ScheduledFreeze[]): Date | null {
  let next: Date | null = null;
  for (const f of scheduled) {
    const at = windowAt(now, f)?.end ?? nextWindow(now, f)?.start;
    if (at && (!next || at < next)) next = at;
  }
  return next;
}

/**
 * The freeze that holds `repo` at `now`, if any: an ad hoc freeze of the repository or of `all`
 * first (it lasts until someone lifts it), else the scheduled one that ends last.
 */
export function activeFreeze(now: Date, scheduled: readonly ScheduledFreeze[], adHoc: readonly AdHocFreeze[], repo: string): Freeze | null {
  const own = adHoc.find((f) => f.scope === repo) ?? adHoc.find((f) => f.scope === 'all');
  if (own) return adHocFreeze(own);
  let held: FreezeInstance | null = null;
  for (const f of scheduled) {
    const w = windowAt(now, f);
    if (w && (!held || w.end > held.end)) held = w;
  }
  return held && scheduledFreeze(held);
}

export function adHocFreeze(f: AdHocFreeze): Freeze {
  return { id: `adhoc-${f.id}`, reason: f.reason, until: null, source: 'ad-hoc', by: f.by, scope: f.scope };
}

export function scheduledFreeze(w: FreezeInstance): Freeze {
  return { id: w.id, reason: w.reason, until: w.end.toISOString(), source: 'scheduled', by: null, scope: 'all' };
}

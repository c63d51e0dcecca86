import { z } from 'zod';
import { parseWeeklyWindow, WEEKLY_WINDOW_PATTERN, type ScheduledFreeze } from './domain/freeze-window.js';
import { describeIssue, timeZone } from './config-fields.js';

const isoInstant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time with a zone, like "2026-12-22T00:00:00Z"' });

/** One entry of `freeze:` (DESIGN.md §3): an absolute window, or a weekly one in a time zone (told apart by `weekly`, so each names its own problems). */
const absoluteFreeze = z
  .object({ from: isoInstant, to: isoInstant, reason: z.string().min(1, 'must say why') })
  .strict()
  .refine((f) => Date.parse(f.from) < Date.parse(f.to), { message: 'must be after from', path: ['to'] });
const weeklyFreeze = z
  .object({
    weekly: z
      .string()
      .regex(WEEKLY_WINDOW_PATTERN, 'must be two weekdays and times, like "fri 16:00 - mon 08:00"')
      .refine((w) => !WEEKLY_WINDOW_PATTERN.test(w) || parseWeeklyWindow(w) !== null, 'must end at another minute than it starts'),
    timezone: timeZone.default('UTC'),
    reason: z.string().min(1, 'must say why'),
  })
  .strict();

export type FreezeEntry = z.infer<typeof absoluteFreeze> | z.infer<typeof weeklyFreeze>;

export const freezeSchema = z.custom<FreezeEntry>().superRefine((entry, ctx) => {
  const schema = typeof entry === 'object' && entry !== null && 'weekly' in entry ? weeklyFreeze : absoluteFreeze;
  const checked = schema.safeParse(entry);
  if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue({ code: 'custom', message: describeIssue(issue), path: issue.path });
});

/** One checked `freeze:` entry, read into the domain's window. */
export function readFreeze(entry: FreezeEntry): ScheduledFreeze {
  const f = 'weekly' in entry ? weeklyFreeze.parse(entry) : absoluteFreeze.parse(entry);
  if ('from' in f) return { kind: 'absolute', from: new Date(f.from), to: new Date(f.to), reason: f.reason };
  const w = parseWeeklyWindow(f.weekly);
  if (!w) throw new Error(`unchecked weekly freeze ${f.weekly}`);
  return { kind: 'weekly', ...w, timeZone: f.timezone, reason: f.reason };
}

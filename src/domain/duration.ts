/** The durations of `release-bot.yml` (`expireAfter`): a whole number and a unit, `45s`, `30m`, `24h`, `7d`. */
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds, or null when `text` is not a duration (`0h`, `1.5h`, `24 h` and `1w` are not). */
export function parseDuration(text: string): number | null {
  const m = /^([1-9][0-9]*)([smhd])$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/** Back to words, in the largest unit that divides it: 86_400_000 → `1d`, 5_400_000 → `90m`. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm'] as const) if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  return `${Math.round(ms / 1000)}s`;
}

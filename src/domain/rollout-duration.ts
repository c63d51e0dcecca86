/** How long a rollout took from the start of its deploy to its end, from its recorded times (ISO 8601); null when not finished. */
export function rolloutDurationMs(r: { startedAt: string | null; finishedAt: string | null }): number | null {
  if (!r.startedAt || !r.finishedAt) return null;
  const ms = Date.parse(r.finishedAt) - Date.parse(r.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

/** `850 ms`, `1.3 s`, `42 s`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/**
 * SQLite copies its write-ahead log back into the database file (a checkpoint: every page changed
 * since the last, and an fsync of each file) inside whichever commit takes the log past
 * `wal_autocheckpoint` pages (https://www.sqlite.org/wal.html#ckpt). During a burst of webhooks
 * that commit is a group of deliveries whose answers then wait for the disk. The bot's database
 * checkpoints at quiet moments instead: when no delivery was stored for `quietMs` (looked at every
 * `quietMs`), or `maxDelayMs` after the last checkpoint however busy the intake; the log's bound
 * (`wal_autocheckpoint`, raised) stays in case neither comes.
 */
export function quietCheckpoints(o: {
  /** when the last delivery was stored, on `now`'s clock */
  lastStoredAt: () => number;
  checkpoint: () => Promise<unknown>;
  quietMs: number;
  maxDelayMs: number;
  now?: () => number;
  /** false: no timer, the caller ticks (a test on its own clock) */
  timer?: boolean;
}): { tick(): Promise<boolean>; stop(): void } {
  const now = o.now ?? (() => performance.now());
  let last = now();
  let running = false;
  const tick = async (): Promise<boolean> => {
    const t = now();
    if (running || (t - o.lastStoredAt() < o.quietMs && t - last < o.maxDelayMs)) return false;
    running = true;
    try {
      await o.checkpoint();
      last = now();
      return true;
    } finally {
      running = false;
    }
  };
  const timer = o.timer === false ? undefined : setInterval(() => void tick().catch(() => undefined), o.quietMs);
  timer?.unref();
  return { tick, stop: () => clearInterval(timer) };
}

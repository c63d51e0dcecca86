/** How long a release train's writes take under GitHub's two limits on content creation. */
export interface TrainPace {
  writes: number;
  /** the writes within the first hour, at the per-minute pace */
  minutesFirstHour: number;
  /** more writes than one hour allows: the rest wait for GitHub's hourly limit */
  waitsForHourlyLimit: boolean;
  /** all of it, hourly waits included */
  totalMinutes: number;
}

/** One write per connector (DESIGN.md §7), paced under both `github.writesPerMinute` and `github.writesPerHour`. */
export function trainPace(writes: number, limits: { writesPerMinute: number; writesPerHour: number }): TrainPace {
  const firstHour = Math.min(writes, limits.writesPerHour);
  const minutesFirstHour = firstHour / limits.writesPerMinute;
  const fullHours = Math.floor((writes - 1) / limits.writesPerHour);
  const last = writes - fullHours * limits.writesPerHour;
  return {
    writes,
    minutesFirstHour,
    waitsForHourlyLimit: writes > limits.writesPerHour,
    totalMinutes: writes === 0 ? 0 : fullHours * 60 + last / limits.writesPerMinute,
  };
}

/** A clock that moves only when told: stored times (and rollout durations) stay the same from run to run. */
export class TestClock {
  private at: number;

  constructor(start = '2026-03-02T09:00:00.000Z') {
    this.at = Date.parse(start);
  }

  readonly now = (): Date => new Date(this.at);

  tick(ms: number): void {
    this.at += ms;
  }
}

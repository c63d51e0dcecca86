import type { BackgroundWork } from './supervise.js';
import { sendWeeklyDigest } from './weekly-digest.js';
import type { Deps } from './deps.js';

/** Once a minute, whether the weekly digest is due (the claim in the store makes it once a week, whatever the replicas). */
export class DigestScheduler {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: Pick<Deps, 'config' | 'store' | 'orgReader' | 'narrator' | 'logger'>,
    private readonly background: Pick<BackgroundWork, 'start'>,
    private readonly now: () => Date = () => new Date(),
    private readonly everyMs = 60_000,
  ) {}

  /** checks now, then every minute; nothing when no `digest:` is configured */
  start(): void {
    if (!this.deps.config.policy.digest || this.timer) return;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  tick(): Promise<unknown> {
    return this.background.start({ what: 'the weekly digest' }, async () => {
      const outcome = await sendWeeklyDigest(this.deps, this.now());
      if (outcome.kind === 'owed') this.deps.logger.info({ week: outcome.week }, 'weekly digest owed to the release channel');
      return outcome;
    });
  }
}

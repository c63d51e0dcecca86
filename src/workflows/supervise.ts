import type { Logger } from 'pino';

/** The ids that say which durable row a piece of background work belongs to. */
export interface WorkContext {
  releaseId?: number;
  batchId?: number;
  rolloutId?: number;
  deliveryId?: string;
}

/**
 * Starts background work that nobody awaits for its result (DESIGN.md §5: no promise runs
 * unobserved). A failure is logged once, with the ids of the row, and swallowed here: the row was
 * not advanced, so a restart or a Retry resumes it. Expected outcomes never arrive here; they
 * are values. What arrives is a bug or an outage.
 */
export function supervise<T>(logger: Pick<Logger, 'error'>, context: WorkContext & { what: string }, work: () => Promise<T>): Promise<T | undefined> {
  let started: Promise<T>;
  try {
    started = work();
  } catch (error) {
    started = Promise.reject(error);
  }
  return started.catch((error: unknown) => {
    const { what, ...ids } = context;
    logger.error({ err: error, ...ids }, `${what} failed; left to resume on restart or retry`);
    return undefined;
  });
}

/**
 * The one supervisor of the bot's background work: every runner and main.ts start work here,
 * supervised as `supervise` does, and `idle()` waits for all of it, including work that
 * started while it waited.
 */
export class BackgroundWork {
  private readonly work = new Set<Promise<unknown>>();

  constructor(private readonly logger: Pick<Logger, 'error'>) {}

  start<T>(context: WorkContext & { what: string }, work: () => Promise<T>): Promise<T | undefined> {
    const tracked = supervise(this.logger, context, work);
    this.work.add(tracked);
    void tracked.finally(() => this.work.delete(tracked));
    return tracked;
  }

  async idle(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }
}

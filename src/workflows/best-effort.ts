import type { Deps } from './deps.js';

/** For Slack messages that tell of work already recorded: a failure is logged, and the work goes on. */
export async function bestEffort(deps: Pick<Deps, 'logger'>, f: () => Promise<unknown>, what: string): Promise<void> {
  try {
    await f();
  } catch (error) {
    deps.logger.warn({ err: error }, `could not ${what}`);
  }
}

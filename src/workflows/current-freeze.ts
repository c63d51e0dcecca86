import { activeFreeze, type Freeze } from '../domain/freeze-window.js';
import { clock, type Deps } from './deps.js';

export type FreezeDeps = Pick<Deps, 'config' | 'store' | 'now'>;

/** The freeze that holds `repo` now (ad hoc from the records, scheduled from `freeze:`), or null. */
export async function currentFreeze(deps: FreezeDeps, repo: string): Promise<Freeze | null> {
  return activeFreeze(clock(deps), deps.config.freezes, await deps.store.freezes.active(), repo);
}

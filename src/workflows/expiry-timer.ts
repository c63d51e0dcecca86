import type { Deps } from './deps.js';
import { expireProposals } from './expire-proposals.js';
import type { BackgroundWork } from './supervise.js';
import { SweepTimer } from './sweep-timer.js';

/**
 * Expires proposals on time while the bot runs: the timer is set for the next proposal due (at
 * most `maxWaitMs` away). `start()` expires what expired while the bot was down; `wake()` (a
 * proposal was made) sets the timer again.
 */
export class ExpiryTimer extends SweepTimer {
  constructor(deps: Pick<Deps, 'store' | 'narrator' | 'config'>, background: Pick<BackgroundWork, 'start'>, o: { now: () => Date; maxWaitMs?: number }) {
    super(background, { ...o, what: 'expiring proposals', sweep: async () => (await expireProposals(deps, o.now())).next });
  }
}

import type { Deps } from './deps.js';
import type { ReceivedDelivery } from './ports/delivery-records.js';
import { postProposal } from './post-proposal.js';
import { postCard } from './propose-batch.js';
import type { BatchRunner } from './batch-runner.js';
import type { ReleaseRunner } from './release-runner.js';
import type { RolloutRunner } from './rollout-runner.js';
import type { BackgroundWork } from './supervise.js';

export interface LeftWorkRunners {
  releases: Pick<ReleaseRunner, 'resumeAll'>;
  trains: Pick<BatchRunner, 'resumeAll'>;
  rollouts: Pick<RolloutRunner, 'resumeAll'>;
  /** hands a stored delivery over to be handled (claimed, so one replica handles it) */
  handle: (delivery: ReceivedDelivery) => void;
}

/**
 * Resumes what a previous run left: proposals and cards never posted, deliveries never handled,
 * releases, trains and rollouts in flight. With several replicas it runs again every so often
 * (`RELEASE_BOT_TAKEOVER_MS`): what another replica still holds is left to it by its claim, and
 * what a dead replica held is taken over. `deliveriesOlderThanMs` leaves a delivery that was
 * just stored to the replica that took it.
 */
export async function resumeLeftWork(
  deps: Pick<Deps, 'store' | 'narrator' | 'config' | 'now'>,
  runners: LeftWorkRunners,
  background: Pick<BackgroundWork, 'start'>,
  o: { deliveriesOlderThanMs?: number } = {},
): Promise<void> {
  const track = background.start.bind(background);
  for (const release of await deps.store.releases.unposted())
    void track({ what: 'posting the proposal', releaseId: release.id }, () => postProposal(deps, release));
  for (const batch of await deps.store.batches.unposted())
    void track({ what: 'posting the release-train card', batchId: batch.id }, () => postCard(deps, batch));
  const cutoff = Date.now() - (o.deliveriesOlderThanMs ?? 0);
  for (const delivery of await deps.store.deliveries.pending()) if (Date.parse(delivery.receivedAt) <= cutoff) runners.handle(delivery);
  void track({ what: 'resuming releases' }, () => runners.releases.resumeAll());
  void track({ what: 'resuming release trains' }, () => runners.trains.resumeAll());
  void track({ what: 'resuming rollouts' }, () => runners.rollouts.resumeAll());
}

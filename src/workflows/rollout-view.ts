import type { Rollout } from '../domain/rollout-model.js';
import type { Deployer } from './ports/deployer.js';
import type { RolloutView } from './ports/narrator.js';
import type { RolloutRecords } from './ports/rollout-records.js';

/** What a view of a rollout reads: the rollouts (outer records or a unit of work's), and the deployer's name. */
export interface RolloutViewDeps {
  store: { rollouts: RolloutRecords };
  deployer?: Pick<Deployer, 'name'>;
}

/** What a rollout's messages need from around it: the deployer, the connector's pin, the rollout on the other side of a rollback. */
export async function rolloutView(deps: RolloutViewDeps, r: Rollout): Promise<RolloutView> {
  const rollouts = deps.store.rollouts;
  const other =
    r.kind === 'rollback' && r.rollbackOf !== null
      ? await rollouts.get(r.rollbackOf)
      : r.status === 'rolled_back'
        ? await rollouts.rolledBackBy(r.id)
        : undefined;
  return { rollout: r, deployer: deps.deployer?.name ?? null, pin: await rollouts.pinOf(r.connectorId), other };
}

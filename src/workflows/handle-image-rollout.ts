import { parseBuildNotice } from '../domain/parse-build-notice.js';
import type { BuildNotice } from '../domain/rollout-model.js';
import { parsePackageEvent } from '../domain/rollout-package-event.js';
import type { Deps } from './deps.js';
import type { Delivery, DeliveryOutcome, ReceivedDelivery } from './ports/delivery-records.js';
import { receiveBuild } from './receive-rollout.js';
import { runRollout } from './run-rollout.js';

/** A stored build notice (`POST /api/builds`) or a GitHub `package` / `registry_package` webhook. */
export function isImageDelivery(d: Pick<Delivery, 'source' | 'event'>): boolean {
  return d.source === 'build' || d.event === 'package' || d.event === 'registry_package';
}

/**
 * Turns a connector image into a rollout and, when it starts at once, runs it to rest (the
 * delivery is answered already). A redelivery, or the same build from both CI and GitHub
 * Packages, finds its rollout and does nothing more.
 */
export async function handleImageDelivery(deps: Deps, delivery: ReceivedDelivery): Promise<DeliveryOutcome> {
  const connectorPrefix = deps.config.policy.connectors.prefix;
  let notice: BuildNotice;
  if (delivery.source === 'build') {
    const parsed = parseBuildNotice(delivery.payload, { connectorPrefix });
    if (!parsed.ok) return { status: 'skipped', outcome: parsed.error };
    notice = parsed.notice;
  } else {
    const parsed = parsePackageEvent(delivery.event, delivery.body ?? JSON.parse(delivery.payload), { org: deps.config.github.org, connectorPrefix });
    if (!parsed.ok) return { status: 'skipped', outcome: parsed.reason };
    notice = parsed.notice;
  }
  const outcome = await receiveBuild(deps, notice, delivery.source === 'build' ? 'build-notice' : 'github-package');
  const r = outcome.rollout;
  const what = `rollout ${r.id} of ${r.connectorId} ${r.version}`;
  switch (outcome.kind) {
    case 'duplicate':
      return { status: 'skipped', outcome: `${r.connectorId} ${r.version} was received before: ${what} (${r.status})` };
    case 'held':
      return { status: 'processed', outcome: `${what} held: the connector is pinned` };
    case 'awaiting-approval':
      return { status: 'processed', outcome: `${what} waits for approval` };
    case 'frozen':
      return { status: 'processed', outcome: `${what} held by the freeze: ${outcome.freeze.reason}` };
    case 'queued':
      return { status: 'processed', outcome: `${what} waits for rollout ${outcome.inFlight.id}` };
    case 'started': {
      const done = await runRollout(deps, r.id);
      return { status: 'processed', outcome: `${what} ${done?.status ?? 'gone'}` };
    }
  }
}

import { deliveryStats, type DeliveryStats } from '../domain/delivery-stats.js';
import type { StatsScope } from '../domain/insight-history.js';
import type { StatsCommand } from '../domain/parse-stats-command.js';
import type { Deps } from './deps.js';

const DAY = 86_400_000;

export type StatsOutcome = { kind: 'stats'; stats: DeliveryStats } | { kind: 'nothing'; scope: StatsScope } | { kind: 'unknown-repo'; repo: string };

/**
 * `/release stats`: the DORA figures of the last `days` and of the period before, from the bot's
 * own records. A repository the bot has no record of is looked up on GitHub (one request): a name
 * that is not there is a typo, not a repository with nothing released.
 */
export async function releaseStats(
  deps: { store: Pick<Deps['store'], 'insights'>; github: Pick<Deps['github'], 'getRepo'>; config: Deps['config'] },
  cmd: Pick<StatsCommand, 'target' | 'days'>,
  now: Date,
): Promise<StatsOutcome> {
  const scope = statsScope(cmd.target, deps.config.policy.connectors.prefix);
  const history = await deps.store.insights.history(new Date(now.getTime() - 2 * cmd.days * DAY).toISOString());
  const stats = deliveryStats(history, { scope, days: cmd.days, now });
  if (stats) return { kind: 'stats', stats };
  if (cmd.target.kind === 'repo' && (await deps.github.getRepo(cmd.target.repo)) === null) return { kind: 'unknown-repo', repo: cmd.target.repo };
  return { kind: 'nothing', scope };
}

export function statsScope(target: StatsCommand['target'], connectorPrefix: string): StatsScope {
  return target.kind === 'connectors' ? { kind: 'connectors', prefix: connectorPrefix } : target;
}

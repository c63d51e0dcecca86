import { connectorDrift, type DriftReport } from '../domain/connector-drift.js';
import { matchesGlob } from '../domain/matches-glob.js';
import { repoSettings } from '../config.js';
import type { Deps } from './deps.js';

/**
 * `/connectors status`: every connector against what the bot recorded of it. One GraphQL sweep
 * (pages of 100 repositories with their tags and newest commits) and three store queries, however
 * many connectors there are.
 */
export async function connectorStatus(deps: Pick<Deps, 'orgReader' | 'config'> & { store: Pick<Deps['store'], 'insights'> }, now: Date): Promise<DriftReport> {
  const { prefix } = deps.config.policy.connectors;
  const snapshots = await deps.orgReader.snapshotRepos((name) => name.startsWith(prefix));
  const repos = snapshots
    .filter((s) => !s.archived && !matchesGlob(s.name, deps.config.policy.exclude))
    .map((s) => ({
      name: s.name,
      htmlUrl: s.htmlUrl,
      tagPrefix: repoSettings(deps.config, s.name, s.repoFile).tagPrefix,
      tags: s.tags,
      history: s.history,
      historyComplete: s.historyComplete,
    }));
  return connectorDrift(repos, await deps.store.insights.connectors(), { now });
}

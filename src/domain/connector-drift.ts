import type { ConnectorRecord } from './connector-record.js';
import { versionTags, type TagRef } from './last-release.js';

const DAY = 86_400_000;

/** A connector as the GraphQL sweep shows it: its tags and the newest commits of its default branch. */
export interface ConnectorRepo {
  name: string;
  /** the connector's tag prefix (`connectors.tagPrefix`, or its `repos.<name>` override) */
  tagPrefix: string;
  htmlUrl: string;
  tags: readonly TagRef[];
  /** newest first */
  history: readonly { sha: string }[];
  historyComplete: boolean;
}

/** One connector and how it drifts. */
export interface ConnectorDrift {
  connectorId: string;
  htmlUrl: string;
  latestTag: string | null;
  /** the version of the latest tag (without its prefix) */
  latestVersion: string | null;
  /** what the bot last put in production, when it did */
  production: ConnectorRecord['production'];
  lastRollout: ConnectorRecord['lastRollout'];
  pin: ConnectorRecord['pin'];
  /** commits on the default branch after the latest tag; `atLeast` when the sweep's page of history ended first */
  ahead: { count: number; atLeast: boolean } | null;
  /** the latest tag is not what runs in production (only said of connectors the bot rolled out) */
  tagNotDeployed: boolean;
  pinnedDays: number | null;
  /** how far it drifts, to sort by, in commits: a tag not deployed weighs 20, a failed last rollout 15, a pin 10 and 2 a day */
  score: number;
}

export interface DriftReport {
  total: number;
  /** drifting first, the farthest first */
  drifting: ConnectorDrift[];
  inSync: number;
}

/**
 * Which connectors drift: tagged but not deployed, commits on main since the latest tag, pinned,
 * or whose last rollout failed. Pure: `now` is given.
 */
export function connectorDrift(repos: readonly ConnectorRepo[], records: readonly ConnectorRecord[], o: { now: Date }): DriftReport {
  const byId = new Map(records.map((r) => [r.connectorId, r]));
  const all = repos.map((repo) => drift(repo, byId.get(repo.name), o));
  const drifting = all.filter((d) => d.score > 0).sort((a, b) => b.score - a.score || (a.connectorId < b.connectorId ? -1 : 1));
  return { total: all.length, drifting, inSync: all.length - drifting.length };
}

function drift(repo: ConnectorRepo, record: ConnectorRecord | undefined, o: { now: Date }): ConnectorDrift {
  const latest = versionTags(repo.tags, repo.tagPrefix).find((t) => !t.version.includes('-')) ?? null;
  const ahead = latest ? commitsAhead(repo, latest.commitSha) : repo.history.length > 0 ? { count: repo.history.length, atLeast: !repo.historyComplete } : null;
  const production = record?.production ?? null;
  const tagNotDeployed = latest !== null && record?.lastRollout != null && production?.version !== latest.version;
  const pin = record?.pin ?? null;
  const pinnedDays = pin ? Math.floor((o.now.getTime() - Date.parse(pin.pinnedAt)) / DAY) : null;
  const failed = record?.lastRollout?.status === 'failed';
  const score = (ahead?.count ?? 0) + (tagNotDeployed ? 20 : 0) + (pin ? 10 + 2 * (pinnedDays ?? 0) : 0) + (failed ? 15 : 0);
  return {
    connectorId: repo.name,
    htmlUrl: repo.htmlUrl,
    latestTag: latest?.tag ?? null,
    latestVersion: latest?.version ?? null,
    production,
    lastRollout: record?.lastRollout ?? null,
    pin,
    ahead,
    tagNotDeployed,
    pinnedDays,
    score,
  };
}

function commitsAhead(repo: ConnectorRepo, tagSha: string): { count: number; atLeast: boolean } | null {
  const at = repo.history.findIndex((c) => c.sha === tagSha);
  if (at !== -1) return { count: at, atLeast: false };
  // the tag is older than the page of history the sweep read, or not on the default branch
  return repo.historyComplete ? null : { count: repo.history.length, atLeast: true };
}

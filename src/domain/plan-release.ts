import semver from 'semver';
import { analyzeCommits, type CommitInput } from './analyze-commits.js';
import type { Bump } from './bump.js';
import type { TaggedVersion } from './latest-version.js';
import { nextVersion } from './next-version.js';
import { formatTag } from './parse-tag.js';
import type { NewRelease } from './release.js';

export interface PlanInput {
  repo: string;
  sha: string;
  defaultBranch: string;
  repoUrl: string;
  settings: { tagPrefix: string; defaultBump: 'patch' | 'none'; notes: 'conventional' | 'github'; channel: string };
  latest: TaggedVersion | null;
  /** commits after the latest tag up to `sha`, oldest first */
  commits: readonly CommitInput[];
  bump?: Bump | null;
  pre?: string | null;
  draft?: boolean;
  trigger: NewRelease['trigger'];
  requestedBy: string | null;
  batchId?: number | null;
}

export type Plan = { kind: 'release'; release: NewRelease } | { kind: 'nothing'; reason: 'up-to-date' | 'no-release-needed' | 'not-higher'; detail: string };

/** What the next release of a repository would be, from its latest tag and the commits since. */
export function planRelease(a: PlanInput): Plan {
  const since = a.latest?.tag ?? 'the beginning';
  if (a.commits.length === 0) return { kind: 'nothing', reason: 'up-to-date', detail: `no commits since ${since}` };
  const analysis = analyzeCommits(a.commits, a.settings.defaultBump);
  const bump = a.bump ?? analysis.bump;
  if (!bump) return { kind: 'nothing', reason: 'no-release-needed', detail: `no commit since ${since} calls for a release (defaultBump: none)` };
  const version = nextVersion(a.latest?.version ?? null, bump, a.pre ?? undefined);
  const tag = formatTag(version, a.settings.tagPrefix);
  if (a.latest && !semver.gt(version, a.latest.version)) return { kind: 'nothing', reason: 'not-higher', detail: `${tag} would not be higher than ${a.latest.tag}` };
  return {
    kind: 'release',
    release: {
      repo: a.repo,
      sha: a.sha,
      defaultBranch: a.defaultBranch,
      repoUrl: a.repoUrl,
      tagPrefix: a.settings.tagPrefix,
      currentTag: a.latest?.tag ?? null,
      currentVersion: a.latest?.version ?? null,
      suggestedBump: analysis.bump,
      bump,
      pre: a.pre ?? null,
      draft: a.draft ?? false,
      nextVersion: version,
      tag,
      commits: analysis.commits,
      reason: analysis.reason,
      notesMode: a.settings.notes,
      channel: a.settings.channel,
      trigger: a.trigger,
      requestedBy: a.requestedBy,
      batchId: a.batchId ?? null,
    },
  };
}

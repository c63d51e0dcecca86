import semver from 'semver';
import { analyzeCommits, type AnalyzeOptions, type CommitInput } from './analyze-commits.js';
import type { Bump } from './bump.js';
import type { TagRef, VersionBase } from './last-release.js';
import { nextVersion } from './next-version.js';
import { formatTag } from './parse-tag.js';
import { withinRange, type ReleaseLine } from './release-line.js';
import type { NewRelease } from './release.js';

export interface PlanInput {
  repo: string;
  sha: string;
  defaultBranch: string;
  repoUrl: string;
  settings: {
    tagPrefix: string;
    defaultBump: 'patch' | 'none';
    notes: 'conventional' | 'github';
    channel: string;
    releaseRules?: AnalyzeOptions['releaseRules'];
  };
  /** what the version is counted from (`findLastRelease`) */
  base: VersionBase;
  /** every tag of the repository: the next tag must not be one of them */
  tags: readonly TagRef[];
  /** commits after the last release up to `sha`, oldest first */
  commits: readonly CommitInput[];
  bump?: Bump | null;
  pre?: string | null;
  draft?: boolean;
  trigger: NewRelease['trigger'];
  requestedBy: string | null;
  batchId?: number | null;
  /** the line the commit is released on; the default branch's when absent */
  line?: ReleaseLine;
}

export type Plan =
  | { kind: 'release'; release: NewRelease }
  | { kind: 'nothing'; reason: 'up-to-date' | 'no-release-needed' | 'not-higher' | 'tag-exists' | 'leaves-line'; detail: string };

/** What the next release of a repository would be, from its last release and the commits since. */
export function planRelease(a: PlanInput): Plan {
  const last = a.base.lastRelease;
  const since = last?.tag ?? 'the beginning';
  if (a.commits.length === 0) return { kind: 'nothing', reason: 'up-to-date', detail: `no commits since ${since}` };
  const analysis = analyzeCommits(a.commits, { defaultBump: a.settings.defaultBump, releaseRules: a.settings.releaseRules });
  const bump = a.bump ?? analysis.bump;
  if (!bump) return { kind: 'nothing', reason: 'no-release-needed', detail: `no commit since ${since} calls for a release (defaultBump: none)` };
  const pre = a.pre ?? null;
  const version = nextVersion({ lastRelease: last?.version ?? null, lastPrerelease: a.base.lastPrerelease?.version ?? null }, bump, pre ?? undefined);
  const tag = formatTag(version, a.settings.tagPrefix);
  if (last && !semver.gt(version, last.version)) return { kind: 'nothing', reason: 'not-higher', detail: `${tag} would not be higher than ${last.tag}` };
  const line = a.line ?? { kind: 'default', branch: a.defaultBranch };
  if (line.kind === 'maintenance' && !withinRange(version, line.range)) {
    return {
      kind: 'nothing',
      reason: 'leaves-line',
      detail: `${tag} (${bump}) would leave the ${line.range.label} line: a maintenance branch releases only ${line.range.minor === null ? 'fixes and features' : 'fixes'} of ${line.range.label}; release it from the default branch`,
    };
  }
  const taken = a.tags.find((t) => t.name === tag);
  if (taken) {
    return {
      kind: 'nothing',
      reason: 'tag-exists',
      detail: `${tag} already exists on ${taken.commitSha.slice(0, 7)}, which is not in the history of ${a.sha.slice(0, 7)}; the bot never moves a tag: delete it on GitHub or pick another bump`,
    };
  }
  return {
    kind: 'release',
    release: {
      repo: a.repo,
      sha: a.sha,
      defaultBranch: line.branch,
      line: line.kind,
      repoUrl: a.repoUrl,
      tagPrefix: a.settings.tagPrefix,
      currentTag: last?.tag ?? null,
      currentVersion: last?.version ?? null,
      lastPrerelease: a.base.lastPrerelease?.version ?? null,
      highestStable: a.base.highestStable,
      ignoredTags: a.base.ignored,
      suggestedBump: analysis.bump,
      bump,
      pre,
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

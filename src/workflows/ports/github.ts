import type { CommitInput } from '../../domain/analyze-commits.js';
import type { TagRef } from '../../domain/last-release.js';
import type { RepoFile } from '../../domain/repo-file.js';
import type { CheckRunInput, CommitStatusInput } from '../../domain/checks-gate.js';

/** What CI reported on one commit: its commit statuses (latest per context) and its check runs (latest per name). */
export interface CommitChecks {
  statuses: CommitStatusInput[];
  checkRuns: CheckRunInput[];
}

export interface RepoInfo {
  name: string;
  archived: boolean;
  defaultBranch: string;
  htmlUrl: string;
}

export interface PublishedRelease {
  id: number;
  htmlUrl: string;
  tag: string;
}

/** What the workflows need of GitHub. One adapter talks to the REST/GraphQL API; tests may pass their own. */
export interface GitHubPort {
  /** null when the repository does not exist in the organisation */
  getRepo(repo: string): Promise<RepoInfo | null>;
  /**
   * The repository's own `.github/release-bot.yml` on its default branch, validated (DESIGN.md §3).
   * Read again at every proposal; an unchanged file costs no rate limit (a conditional request).
   * `known: true` takes what was read before without asking (nothing read yet: it asks): for a
   * push to another branch, since the file changes only with the default branch, whose pushes
   * read it afresh.
   */
  readRepoFile(repo: string, o?: { known?: boolean }): Promise<RepoFile>;
  /** every tag with its commit, all pages; order not meaningful */
  listTags(repo: string): Promise<TagRef[]>;
  headSha(repo: string, branch: string): Promise<string>;
  /** commits after `base` up to and including `head`, oldest first; all of history (capped) when base is null */
  commitsSince(repo: string, base: string | null, head: string): Promise<CommitInput[]>;
  /**
   * How `head` relates to `base` (GitHub's compare `status`): `ahead`/`identical` mean `base`
   * is an ancestor of `head`. The commits after `base` are read (every page) only then.
   */
  compare(repo: string, base: string, head: string): Promise<{ status: 'ahead' | 'identical' | 'behind' | 'diverged'; commits: CommitInput[] }>;
  /** the commit a tag points at (annotated tags are peeled), or null when the tag does not exist */
  findTag(repo: string, tag: string): Promise<{ commitSha: string } | null>;
  /** creates an annotated tag object and its ref; 'exists' when the ref was already there */
  createAnnotatedTag(repo: string, t: { tag: string; message: string; sha: string }): Promise<{ kind: 'created'; tagObjectSha: string } | { kind: 'exists' }>;
  /** drafts are only found by listing releases: `includeDrafts` costs one more request */
  findRelease(repo: string, tag: string, o?: { includeDrafts?: boolean }): Promise<PublishedRelease | null>;
  createRelease(
    repo: string,
    r: { tag: string; name: string; body: string; draft: boolean; prerelease: boolean; makeLatest: boolean; sha: string },
  ): Promise<{ kind: 'created'; release: PublishedRelease } | { kind: 'exists' }>;
  /** the commit's combined status and its check runs, every page (two reads and their pages) */
  readChecks(repo: string, sha: string): Promise<CommitChecks>;
  /** GitHub's generated release notes (`notes: github`) */
  generateNotes(repo: string, n: { tag: string; previousTag: string | null; sha: string }): Promise<string>;
}

/** A repository as one GraphQL page shows it: enough to plan a release without more requests, most of the time. */
export interface RepoSnapshot {
  name: string;
  archived: boolean;
  htmlUrl: string;
  defaultBranch: string | null;
  headSha: string | null;
  /** tags with the commit each points at (annotated tags peeled) */
  tags: { name: string; commitSha: string }[];
  /** false when the repository has more tags than one page showed */
  tagsComplete: boolean;
  /** the default branch's newest commits, newest first */
  history: CommitInput[];
  /** false when there are older commits than `history` holds */
  historyComplete: boolean;
  /** its `.github/release-bot.yml` on the default branch, read in the same request */
  repoFile: RepoFile;
  /** the head's checks (its status check rollup), when asked for */
  checks?: CommitChecks | null;
}

/** Where one tag of a repository points, and its default branch's head, as one sweep saw them. */
export interface TagSighting {
  /** null: the repository or its default branch is gone */
  headSha: string | null;
  /** the commit the tag points at (annotated tags peeled); null when the tag does not exist */
  tagCommitSha: string | null;
  /** the checks of the commit asked for in `checksOf` (its status check rollup); null when that commit is not there */
  checks?: CommitChecks | null;
}

/** Reading many repositories at once (GraphQL, pages of 100 repositories). */
export interface OrgReader {
  /** with `checks`, each head's status check rollup rides in the same requests */
  snapshotRepos(filter: (name: string) => boolean, o?: { checks?: boolean }): Promise<RepoSnapshot[]>;
  /**
   * One tag per repository and each default branch's head, 100 repositories a request; keyed by
   * repository. With `checksOf` (a commit sha), the same request reads that commit's checks too.
   */
  readTags(wanted: readonly { repo: string; tag: string; checksOf?: string }[]): Promise<Map<string, TagSighting>>;
}

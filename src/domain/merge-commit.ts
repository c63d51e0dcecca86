/**
 * Titles git and GitHub give to merge commits: `Merge pull request #12 from acme/feat-x`,
 * `Merge branch 'main' into feat-x`, `Merge remote-tracking branch 'origin/main'`, …
 */
const MERGE_TITLE = /^Merge (?:pull request #\d+ from \S+|(?:remote-tracking )?branch(?:es)? |tag |commit )/;
const PULL_REQUEST_MERGE_TITLE = /^Merge pull request #\d+ from \S+/;

export function isMergeCommitTitle(title: string): boolean {
  return MERGE_TITLE.test(title);
}

/** GitHub's merge button puts the pull request's title on the body's first line. */
export function isPullRequestMergeTitle(title: string): boolean {
  return PULL_REQUEST_MERGE_TITLE.test(title);
}

import type { AnalyzedCommit } from './analyze-commits.js';
import { isMergeCommitTitle } from './merge-commit.js';

const SHORT_SHA = 7;

interface Section {
  heading: string;
  holds: (commit: AnalyzedCommit) => boolean;
  text: (commit: AnalyzedCommit) => string;
}

const BUG_FIX_TYPES = new Set(['fix', 'perf', 'revert']);

/**
 * A breaking commit is listed under Breaking changes (with its footer's note when it has one)
 * and again under its own type, as conventional-changelog does: the first says what breaks,
 * the second what was added or fixed.
 */
const SECTIONS: readonly Section[] = [
  { heading: '### ⚠ Breaking changes', holds: (c) => c.breaking, text: (c) => c.breakingNote ?? c.subject },
  { heading: '### Features', holds: (c) => c.type === 'feat', text: (c) => c.subject },
  { heading: '### Bug fixes', holds: (c) => c.type !== null && BUG_FIX_TYPES.has(c.type), text: (c) => c.subject },
  {
    heading: '### Other changes',
    holds: (c) => c.type !== 'feat' && !(c.type !== null && BUG_FIX_TYPES.has(c.type)) && !isEmptyMerge(c),
    text: (c) => c.subject,
  },
];

/**
 * Markdown for the body of a GitHub release, commits in the order given. Sections without a
 * commit are left out; the text is GitHub Markdown, which GitHub sanitises itself.
 */
export function releaseNotes(a: { commits: readonly AnalyzedCommit[]; repoUrl?: string; compareUrl?: string }): string {
  const repoUrl = a.repoUrl?.replace(/\/+$/, '');
  const parts: string[] = [];
  for (const section of SECTIONS) {
    // A commit and its revert in the same release cancel out: neither is news to the reader.
    const lines = a.commits
      .filter((c) => c.revertedBy === undefined && c.reverts === undefined && section.holds(c))
      .map((c) => line(c, section.text(c), repoUrl));
    if (lines.length > 0) parts.push(`${section.heading}\n\n${lines.join('\n')}`);
  }
  if (a.compareUrl) parts.push(`**Full changelog**: ${a.compareUrl}`);
  return parts.join('\n\n');
}

function line(commit: AnalyzedCommit, text: string, repoUrl: string | undefined): string {
  const scope = commit.scope ? `**${commit.scope}:** ` : '';
  const short = commit.sha.slice(0, SHORT_SHA);
  const sha = repoUrl ? `[${short}](${repoUrl}/commit/${commit.sha})` : short;
  return `- ${scope}${text} (${sha})`;
}

/** `Merge branch 'main' into x` says nothing a reader of the notes needs. */
function isEmptyMerge(commit: AnalyzedCommit): boolean {
  return commit.type === null && commit.bump === null && isMergeCommitTitle(commit.title);
}

import { CommitParser, type Commit, type ParserOptions } from 'conventional-commits-parser';
import { bumpRank, type Bump } from './bump.js';
import { isMergeCommitTitle, isPullRequestMergeTitle } from './merge-commit.js';
import { decideRelease, DEFAULT_RELEASE_RULES, type ReleaseRule, type RuleDecision } from './release-rules.js';

export interface CommitInput {
  sha: string;
  message: string;
  author?: string;
  /** the committer date (ISO 8601), when the adapter read it: lead time is measured from the oldest one */
  date?: string;
}

export interface AnalyzedCommit {
  sha: string;
  /** The change's title: the first line, or for a GitHub merge commit the pull request's title. */
  title: string;
  /** Lowercased conventional type (`FEAT:` -> `feat`); `revert` for git's `Revert "…"`; null otherwise. */
  type: string | null;
  scope: string | null;
  /** The description after `type(scope): `, or the title when the title is not conventional. */
  subject: string;
  breaking: boolean;
  /** The first paragraph of the first `BREAKING CHANGE:` footer. */
  breakingNote: string | null;
  /** What this commit alone calls for; a commit with `revertedBy` or `reverts` does not count for the range. */
  bump: Bump | null;
  /** The `releaseRules` entry that decided `bump`; absent when the built-in rules did. */
  rule?: ReleaseRule;
  /** The revert later in the range that cancels this commit. */
  revertedBy?: string;
  /** The commit earlier in the range that this revert cancels (the two leave the analysis together). */
  reverts?: string;
  author?: string;
  date?: string;
}

export type BumpReason =
  | { kind: 'commit'; sha: string; title: string; because: 'breaking' | 'feat' | 'fix' }
  | { kind: 'rule'; sha: string; title: string; rule: ReleaseRule }
  | { kind: 'default'; bump: 'patch' }
  | { kind: 'none' };

export interface CommitAnalysis {
  commits: AnalyzedCommit[];
  bump: Bump | null;
  reason: BumpReason;
}

export interface AnalyzeOptions {
  /** What a range calls for when no commit does: `patch` releases anyway (release-please's habit). */
  defaultBump: 'patch' | 'none';
  /**
   * Checked before the built-in rules (DESIGN.md §7); see release-rules.ts. Either one list, or
   * lists checked in turn (a repository's own, then the organisation's): the first list with a
   * rule that matches a commit decides that commit, as commit-analyzer's custom rules do over its
   * defaults.
   */
  releaseRules?: readonly ReleaseRule[] | readonly (readonly ReleaseRule[])[];
}

/** `type(scope)!: description`; the type must start with a letter (`2FA: …` is prose). */
const HEADER = /^([A-Za-z]\w*)(?:\(([^()\r\n]*)\))?(!?): (.*\S.*)$/;
const HEADER_PARTS = ['type', 'scope', 'breaking', 'subject'];
const GIT_REVERT = /^Revert ".*"/;
/** What `git revert` writes in the body; GitHub's revert button writes `Reverts owner/repo#12` instead, which names no commit. */
const REVERTS_COMMIT = /\bThis reverts commit ([0-9a-f]{7,40})\b/i;

const BECAUSE: Readonly<Record<Bump, 'breaking' | 'feat' | 'fix'>> = { major: 'breaking', minor: 'feat', patch: 'fix' };

const PARSER_OPTIONS: ParserOptions = {
  headerPattern: HEADER,
  headerCorrespondence: HEADER_PARTS,
  // Conventional Commits wants the footer token uppercase and followed by a colon; the
  // parser's default is case-insensitive and colon-less, so "Breaking change in wording" would count.
  // The leading `*`/`-`/spaces let a footer buried in a squash-merge body count too.
  notesPattern: (keywords) => new RegExp(`^[\\s|*-]*(${keywords}):\\s*(.*)`),
  // The default field pattern (/^-(.*?)-$/) takes a Markdown rule `---` for a field and swallows
  // every line after it, footers included.
  fieldPattern: undefined,
  // Reverts are paired by sha below, not by the parser's header-and-hash pattern.
  revertPattern: undefined,
};

/**
 * What a range of commits (oldest first) calls for, the way @semantic-release/commit-analyzer
 * decides (its index.js): reverted commits leave first, then each commit gets the highest release
 * among the `releaseRules` it matches, or, when it matches none, among the built-in rules
 * (breaking → major, feat → minor, fix/perf/revert → patch); the highest over the range wins.
 * A squash-merge body's `* feat: …` lines are the pull request's description, not commits of
 * their own, and do not count; a `BREAKING CHANGE:` footer anywhere in the message does. The
 * reason names the oldest commit that called for the winning bump. With `defaultBump: 'patch'`,
 * commits that call for nothing still make a patch release.
 */
export function analyzeCommits(commits: readonly CommitInput[], options: AnalyzeOptions): CommitAnalysis {
  const parser = new CommitParser(PARSER_OPTIONS);
  const rules = ruleLists(options.releaseRules ?? []);
  const analyzed = pairReverts(
    commits.map((commit) => analyzeCommit(commit, parser, rules)),
    commits,
  );

  let bump: Bump | null = null;
  let reason: BumpReason = { kind: 'none' };
  for (const commit of analyzed) {
    if (commit.revertedBy !== undefined || commit.reverts !== undefined) continue;
    if (commit.bump !== null && bumpRank(commit.bump) > bumpRank(bump)) {
      bump = commit.bump;
      reason = commit.rule
        ? { kind: 'rule', sha: commit.sha, title: commit.title, rule: commit.rule }
        : { kind: 'commit', sha: commit.sha, title: commit.title, because: BECAUSE[commit.bump] };
    }
  }
  if (bump === null && analyzed.length > 0 && options.defaultBump === 'patch') {
    bump = 'patch';
    reason = { kind: 'default', bump: 'patch' };
  }
  return { commits: analyzed, bump, reason };
}

function analyzeCommit(input: CommitInput, parser: CommitParser, lists: readonly (readonly ReleaseRule[])[]): AnalyzedCommit {
  const { title, body } = splitTitle(input.message);
  const author = { ...(input.author === undefined ? {} : { author: input.author }), ...(input.date === undefined ? {} : { date: input.date }) };
  if (title === '') {
    return { sha: input.sha, title, type: null, scope: null, subject: title, breaking: false, breakingNote: null, bump: null, ...author };
  }

  const parsed = parser.parse([title, ...body].join('\n'));
  const header = conventionalHeader(parsed, title);
  const breaking = header.breaking || parsed.notes.length > 0;
  const breakingNote = parsed.notes.map((note) => firstParagraph(note.text)).find((text) => text !== '') ?? null;

  const subject = { type: header.type, scope: header.scope, breaking };
  // commit-analyzer falls back to the defaults only when no custom rule matched: a matching
  // `release: false` keeps a `feat(experimental)` from becoming a minor.
  const custom = lists.reduce<RuleDecision | undefined>((decided, rules) => decided ?? decideRelease(rules, subject), undefined);
  const decision = custom ?? decideRelease(DEFAULT_RELEASE_RULES, subject);
  return {
    sha: input.sha,
    title,
    type: header.type,
    scope: header.scope,
    subject: header.subject,
    breaking,
    breakingNote,
    bump: decision?.release || null,
    ...(custom ? { rule: custom.rule } : {}),
    ...author,
  };
}

function ruleLists(rules: readonly ReleaseRule[] | readonly (readonly ReleaseRule[])[]): readonly (readonly ReleaseRule[])[] {
  return rules.every((entry) => Array.isArray(entry)) ? (rules as readonly (readonly ReleaseRule[])[]) : [rules as readonly ReleaseRule[]];
}

/**
 * A revert and the commit it names leave the analysis together when both are in the range, as
 * conventional-commits-filter's filterRevertedCommits does for commit-analyzer. Walking newest
 * first, as that filter does, makes a revert of a revert cancel the first revert and leave the
 * original commit standing. The filter pairs by the reverted commit's header *and* hash; the sha
 * alone identifies the commit, and the header test misses GitHub's squashed reverts, whose
 * quoted title gains a ` (#12)`. A revert whose commit is outside the range stays, a patch.
 */
function pairReverts(analyzed: AnalyzedCommit[], inputs: readonly CommitInput[]): AnalyzedCommit[] {
  const cancelled = new Map<number, Pick<AnalyzedCommit, 'revertedBy' | 'reverts'>>();
  for (let i = analyzed.length - 1; i >= 0; i--) {
    const revert = analyzed[i]!;
    if (cancelled.has(i) || revert.type !== 'revert') continue;
    const named = REVERTS_COMMIT.exec(inputs[i]!.message)?.[1]?.toLowerCase();
    if (named === undefined) continue;
    const target = analyzed.findIndex((c, j) => j < i && !cancelled.has(j) && c.sha.toLowerCase().startsWith(named));
    if (target === -1) continue;
    cancelled.set(i, { reverts: analyzed[target]!.sha });
    cancelled.set(target, { revertedBy: revert.sha });
  }
  return analyzed.map((commit, i) => ({ ...commit, ...cancelled.get(i) }));
}

/**
 * The title of the change and the lines after it. A merge commit's own first line says nothing
 * about the change: GitHub's carries the pull request's title on the body's first line, and a
 * `Merge branch …` whose body starts with a conventional line is titled by it.
 */
function splitTitle(message: string): { title: string; body: string[] } {
  const lines = message.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((line) => line.trim() !== '');
  if (start === -1) return { title: '', body: [] };
  const first = lines[start]!.trim();
  const rest = lines.slice(start + 1);
  if (isMergeCommitTitle(first)) {
    const next = rest.findIndex((line) => line.trim() !== '');
    const candidate = next === -1 ? undefined : rest[next]!.trim();
    if (candidate !== undefined && (isPullRequestMergeTitle(first) || HEADER.test(candidate))) {
      return { title: candidate, body: rest.slice(next + 1) };
    }
  }
  return { title: first, body: rest };
}

function conventionalHeader(parsed: Commit, title: string): { type: string | null; scope: string | null; subject: string; breaking: boolean } {
  const type = parsed.type;
  const subject = parsed.subject;
  if (type && subject) {
    return { type: type.toLowerCase(), scope: parsed.scope?.trim() || null, subject: subject.trim(), breaking: parsed.breaking === '!' };
  }
  if (GIT_REVERT.test(title)) return { type: 'revert', scope: null, subject: title, breaking: false };
  return { type: null, scope: null, subject: title, breaking: false };
}

/**
 * The parser runs a footer on until the next footer, which in a squash body swallows the
 * `* fix: …` lines after it: keep the first non-empty paragraph, as one line.
 */
function firstParagraph(text: string): string {
  const paragraphs = text.split(/\n\s*\n/).map((p) =>
    p
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .join(' '),
  );
  return paragraphs.find((p) => p !== '') ?? '';
}

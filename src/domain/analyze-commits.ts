import { CommitParser, type Commit, type ParserOptions } from 'conventional-commits-parser';
import { bumpRank, maxBump, type Bump } from './bump.js';
import { isMergeCommitTitle, isPullRequestMergeTitle } from './merge-commit.js';

export interface CommitInput {
  sha: string;
  message: string;
  author?: string;
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
  /** The first paragraph of the first `BREAKING CHANGE:` footer, or of a breaking `* feat!: …` line of a squash body. */
  breakingNote: string | null;
  bump: Bump | null;
  author?: string;
}

export type BumpReason =
  | { kind: 'commit'; sha: string; title: string; because: 'breaking' | 'feat' | 'fix' }
  | { kind: 'default'; bump: 'patch' }
  | { kind: 'none' };

export interface CommitAnalysis {
  commits: AnalyzedCommit[];
  bump: Bump | null;
  reason: BumpReason;
}

/** `type(scope)!: description`; the type must start with a letter (`2FA: …` is prose). */
const HEADER = /^([A-Za-z]\w*)(?:\(([^()\r\n]*)\))?(!?): (.*\S.*)$/;
const HEADER_PARTS = ['type', 'scope', 'breaking', 'subject'];
const GIT_REVERT = /^Revert ".*"/;
/** `* feat: a` / `- fix: b`: how GitHub lists the squashed commits in a squash-merge body. */
const BULLET = /^\s*[*-]\s+(.*)$/;

const BUMP_OF_TYPE: Readonly<Record<string, Bump>> = { feat: 'minor', fix: 'patch', perf: 'patch', revert: 'patch' };
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
};

/**
 * What a range of commits (oldest first) calls for. A breaking change (`feat!:`, `fix(api)!:`,
 * a `BREAKING CHANGE:`/`BREAKING-CHANGE:` footer anywhere in the message) is major, `feat`
 * minor, `fix`/`perf`/`revert` patch; in a squash-merge body every `* type: …` line counts and
 * the strongest wins. The reason names the oldest commit that called for the winning bump.
 * With `defaultBump: 'patch'`, commits that call for nothing still make a patch release.
 */
export function analyzeCommits(commits: readonly CommitInput[], defaultBump: 'patch' | 'none'): CommitAnalysis {
  const parser = new CommitParser(PARSER_OPTIONS);
  const analyzed = commits.map((commit) => analyzeCommit(commit, parser));

  let bump: Bump | null = null;
  let reason: BumpReason = { kind: 'none' };
  for (const commit of analyzed) {
    if (commit.bump !== null && bumpRank(commit.bump) > bumpRank(bump)) {
      bump = commit.bump;
      reason = { kind: 'commit', sha: commit.sha, title: commit.title, because: BECAUSE[commit.bump] };
    }
  }
  if (bump === null && analyzed.length > 0 && defaultBump === 'patch') {
    bump = 'patch';
    reason = { kind: 'default', bump: 'patch' };
  }
  return { commits: analyzed, bump, reason };
}

function analyzeCommit(input: CommitInput, parser: CommitParser): AnalyzedCommit {
  const { title, body } = splitTitle(input.message);
  const author = input.author === undefined ? {} : { author: input.author };
  if (title === '') {
    return { sha: input.sha, title, type: null, scope: null, subject: title, breaking: false, breakingNote: null, bump: null, ...author };
  }

  const parsed = parser.parse([title, ...body].join('\n'));
  const header = conventionalHeader(parsed, title);
  const bullets = body.flatMap((line) => {
    const text = BULLET.exec(line)?.[1]?.trim();
    const match = text === undefined ? null : HEADER.exec(text);
    return match ? [{ type: match[1]!.toLowerCase(), breaking: match[3] === '!', subject: match[4]!.trim() }] : [];
  });
  const footerNote = parsed.notes.map((note) => firstParagraph(note.text)).find((text) => text !== '');
  const breakingBullet = bullets.find((bullet) => bullet.breaking);

  const breaking = header.breaking || parsed.notes.length > 0 || breakingBullet !== undefined;
  const breakingNote = footerNote ?? (header.breaking ? null : breakingBullet?.subject) ?? null;
  const bump = breaking
    ? 'major'
    : bullets.reduce<Bump | null>((strongest, bullet) => maxBump(strongest, bumpOfType(bullet.type)), bumpOfType(header.type));

  return {
    sha: input.sha,
    title,
    type: header.type,
    scope: header.scope,
    subject: header.subject,
    breaking,
    breakingNote,
    bump,
    ...author,
  };
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

function conventionalHeader(
  parsed: Commit,
  title: string,
): { type: string | null; scope: string | null; subject: string; breaking: boolean } {
  const type = parsed['type'];
  const subject = parsed['subject'];
  if (type && subject) {
    return { type: type.toLowerCase(), scope: parsed['scope']?.trim() || null, subject: subject.trim(), breaking: parsed['breaking'] === '!' };
  }
  if (GIT_REVERT.test(title)) return { type: 'revert', scope: null, subject: title, breaking: false };
  return { type: null, scope: null, subject: title, breaking: false };
}

function bumpOfType(type: string | null): Bump | null {
  return type === null ? null : (BUMP_OF_TYPE[type] ?? null);
}

/**
 * The parser runs a footer on until the next footer, which in a squash body swallows the
 * `* fix: …` lines after it: keep the first non-empty paragraph, as one line.
 */
function firstParagraph(text: string): string {
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.split('\n').map((line) => line.trim()).filter(Boolean).join(' '));
  return paragraphs.find((p) => p !== '') ?? '';
}

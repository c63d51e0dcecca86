import { BUMPS, isBump, type Bump } from './bump.js';
import { PRERELEASE_IDS } from './next-version.js';
import { truncate } from './truncate.js';
import { parseStats, type StatsCommand } from './parse-stats-command.js';
import { parseFreeze, type FreezeCommand } from './parse-freeze-command.js';

export type ReleaseCommand =
  | { kind: 'help' }
  | { kind: 'history'; repo: string }
  | StatsCommand
  | FreezeCommand
  | { kind: 'release'; repo: string; bump: Bump | null; pre: string | null; draft: boolean; dryRun: boolean; branch: string | null };

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Slack mrkdwn: `<` and `>` must be written as entities even inside code. */
export const RELEASE_USAGE = [
  '*Usage*',
  '`/release &lt;repo&gt; [patch|minor|major] [--pre alpha|beta|rc] [--branch &lt;name&gt;] [--draft] [--dry-run]` proposes a release of `&lt;repo&gt;`; without a bump, the commits decide it; `--branch` releases a release branch of `branches:` (a hotfix on `1.x`, a candidate from `release/1.3`)',
  '`/release history &lt;repo&gt;` lists the last releases of `&lt;repo&gt;`',
  "`/release stats [&lt;repo&gt;|connectors] [--days N] [--private]` shows the DORA figures of the last N days (30 by default, 365 at most) from the bot's own records",
  '`/release freeze [&lt;repo&gt;|all] &lt;reason&gt;` (approvers) holds approved releases, rollouts and release trains until `/release unfreeze [&lt;repo&gt;|all]`; proposals are still made',
  '`/release help` shows this message',
].join('\n');

const REPO_NAME = /^[A-Za-z0-9._-]+$/;
const WORD_IN_ERROR_MAX = 40;
const BUMP_LIST = `${BUMPS.slice(0, -1).join(', ')} or ${BUMPS[BUMPS.length - 1]}`;
const PRE_LIST = `${PRERELEASE_IDS.slice(0, -1).join(', ')} or ${PRERELEASE_IDS[PRERELEASE_IDS.length - 1]}`;

/**
 * Parses the text of `/release` (Slack's `text`: what follows the command), DESIGN.md §1:
 *
 *   <repo> [patch|minor|major] [--pre <alpha|beta|rc>] [--draft] [--dry-run]
 *   history <repo>
 *   stats [<repo>|connectors] [--days N] [--private]
 *   help            (also the empty text)
 *
 * Flags may come anywhere; bump words and ids are case-insensitive. An
 * em or en dash counts as `--`, because Slack clients on macOS and phones turn `--pre` into
 * `—pre`. `<repo>` is a name in `org`, or `org/name`. A repository called `help` or `history`
 * is reached as `org/help`.
 *
 * An error is one sentence naming the offending word as it was typed. Slack sends the text of a
 * command with `&`, `<` and `>` already escaped, so the error is mrkdwn as it stands.
 */
export function parseReleaseCommand(text: string, org: string): ParseResult<ReleaseCommand> {
  const words = text.trim().split(/\s+/).filter(Boolean).map(normaliseDashes);
  const [first, ...rest] = words;
  if (first === undefined) return ok({ kind: 'help' });
  const keyword = first.toLowerCase();
  if (keyword === 'help') {
    return rest.length === 0 ? ok({ kind: 'help' }) : fail(`${quote(rest[0]!)} is not expected after \`help\`: use \`/release help\` alone.`);
  }
  if (keyword === 'history') return parseHistory(rest, org);
  if (keyword === 'stats') return parseStats(rest, (word) => parseRepo(word, org));
  if (keyword === 'freeze' || keyword === 'unfreeze') return parseFreeze(keyword, text.trim().slice(first.length), (word) => parseRepo(word, org));
  return parseRelease(words, org);
}

function parseHistory(words: string[], org: string): ParseResult<ReleaseCommand> {
  const [repoWord, extra] = words;
  if (repoWord === undefined) return fail('Say which repository: `/release history &lt;repo&gt;`.');
  if (repoWord.startsWith('-')) return fail(`${quote(repoWord)} is not a repository: use \`/release history &lt;repo&gt;\`.`);
  const repo = parseRepo(repoWord, org);
  if (!repo.ok) return repo;
  if (extra !== undefined) return fail(`${quote(extra)} is not expected: \`/release history\` takes only a repository.`);
  return ok({ kind: 'history', repo: repo.value });
}

function parseRelease(words: string[], org: string): ParseResult<ReleaseCommand> {
  let repo: string | null = null;
  let bump: Bump | null = null;
  let pre: string | null = null;
  let draft = false;
  let dryRun = false;
  let branch: string | null = null;
  const seenFlags = new Set<string>();

  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.startsWith('-')) {
      const [flag, inlineValue] = splitFlag(word);
      if (seenFlags.has(flag)) return fail(`${quote(flag)} is given twice: give it once.`);
      seenFlags.add(flag);
      if (flag === '--draft' && inlineValue === undefined) {
        draft = true;
      } else if (flag === '--dry-run' && inlineValue === undefined) {
        dryRun = true;
      } else if (flag === '--pre') {
        const value = inlineValue ?? (words[i + 1]?.startsWith('-') ? undefined : words[++i]);
        if (value === undefined || value === '') return fail(`\`--pre\` needs a prerelease id: use ${PRE_LIST}.`);
        const id = value.toLowerCase();
        if (!PRERELEASE_IDS.includes(id)) return fail(`${quote(value)} is not a prerelease id: use ${PRE_LIST}.`);
        pre = id;
      } else if (flag === '--branch') {
        const value = inlineValue ?? (words[i + 1]?.startsWith('-') ? undefined : words[++i]);
        if (value === undefined || value === '') return fail('`--branch` needs a branch name: `--branch 1.x`.');
        if (!/^[A-Za-z0-9._/-]+$/.test(value) || value.includes('..')) return fail(`${quote(value)} is not a branch name.`);
        branch = value;
      } else {
        return fail(`${quote(word)} is not an option: use --pre, --branch, --draft or --dry-run.`);
      }
      continue;
    }
    if (repo === null) {
      const parsed = parseRepo(word, org);
      if (!parsed.ok) return parsed;
      repo = parsed.value;
      continue;
    }
    const lower = word.toLowerCase();
    if (isBump(lower)) {
      if (bump !== null) return fail(`${quote(word)} is a second bump after \`${bump}\`: give one of ${BUMP_LIST}.`);
      bump = lower;
      continue;
    }
    if (bump === null) return fail(`${quote(word)} is not a bump: use ${BUMP_LIST}.`);
    return fail(`${quote(word)} is not expected after the bump: see \`/release help\`.`);
  }

  if (repo === null) return fail('Say which repository to release: `/release &lt;repo&gt; [patch|minor|major]`.');
  return ok({ kind: 'release', repo, bump, pre, draft, dryRun, branch });
}

export function parseRepo(word: string, org: string): ParseResult<string> {
  const slash = word.indexOf('/');
  const owner = slash === -1 ? null : word.slice(0, slash);
  const name = slash === -1 ? word : word.slice(slash + 1);
  if (owner !== null && owner.toLowerCase() !== org.toLowerCase()) {
    return fail(`${quote(word)} is not in ${org}: give a repository of ${org}, like \`name\` or \`${org}/name\`.`);
  }
  if (!REPO_NAME.test(name)) {
    return fail(`${quote(word)} is not a repository name: use letters, digits, \`.\`, \`_\` and \`-\`.`);
  }
  return ok(name);
}

/** `--pre=rc` -> ['--pre', 'rc']. */
function splitFlag(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return eq === -1 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1)];
}

export function normaliseDashes(word: string): string {
  return word.replace(/^[\u2014\u2013]/, '--');
}

/** Backticks around a word the user typed; a backtick inside would end the code span early. */
export function quote(word: string): string {
  return `\`${truncate(word.replace(/`/g, "'"), WORD_IN_ERROR_MAX)}\``;
}

function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

function fail<T>(error: string): ParseResult<T> {
  return { ok: false, error };
}

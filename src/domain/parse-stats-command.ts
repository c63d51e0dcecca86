/** the shape of `ParseResult` (parse-release-command.ts), restated so the two files do not import each other */
type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export const STATS_DEFAULT_DAYS = 30;
export const STATS_MAX_DAYS = 365;

/** `/release stats`: which records (everything, one repository, the connectors), over how many days, seen by whom. */
export interface StatsCommand {
  kind: 'stats';
  target: { kind: 'all' } | { kind: 'repo'; repo: string } | { kind: 'connectors' };
  days: number;
  private: boolean;
}

/**
 * The words after `/release stats`: `[<repo>|connectors] [--days N] [--private]`, in any order.
 * A repository called `connectors` is reached as `org/connectors`.
 */
export function parseStats(words: readonly string[], parseRepo: (word: string) => ParseResult<string>): ParseResult<StatsCommand> {
  let target: StatsCommand['target'] = { kind: 'all' };
  let days: number | null = null;
  let isPrivate = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const eq = word.indexOf('=');
    const flag = word.startsWith('-') && eq !== -1 ? word.slice(0, eq) : word;
    if (flag === '--days') {
      if (days !== null) return fail('`--days` is given twice: give it once.');
      const value = eq !== -1 ? word.slice(eq + 1) : words[++i];
      if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1 || Number(value) > STATS_MAX_DAYS) {
        return fail(
          `\`--days\` takes a whole number of days from 1 to ${STATS_MAX_DAYS}${value === undefined ? '' : `, not \`${value.slice(0, 20).replace(/`/g, "'")}\``}.`,
        );
      }
      days = Number(value);
    } else if (flag === '--private') {
      if (isPrivate) return fail('`--private` is given twice: give it once.');
      isPrivate = true;
    } else if (word.startsWith('-')) {
      return fail(`\`${word.slice(0, 40).replace(/`/g, "'")}\` is not an option of \`/release stats\`: use --days or --private.`);
    } else if (target.kind !== 'all') {
      return fail(`\`${word.slice(0, 40).replace(/`/g, "'")}\` is not expected: \`/release stats\` takes one repository (or \`connectors\`) at most.`);
    } else if (word.toLowerCase() === 'connectors') {
      target = { kind: 'connectors' };
    } else {
      const repo = parseRepo(word);
      if (!repo.ok) return repo;
      target = { kind: 'repo', repo: repo.value };
    }
  }
  return { ok: true, value: { kind: 'stats', target, days: days ?? STATS_DEFAULT_DAYS, private: isPrivate } };
}

function fail<T>(error: string): ParseResult<T> {
  return { ok: false, error };
}

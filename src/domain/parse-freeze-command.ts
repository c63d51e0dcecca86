/** the shape of `ParseResult` (parse-release-command.ts), restated so the two files do not import each other */
type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };
import { truncate } from './truncate.js';

export type FreezeCommand = { kind: 'freeze'; scope: string; reason: string } | { kind: 'unfreeze'; scope: string };

const REASON_MAX = 300;
/** Straight and curly quotes: Slack clients on macOS and phones turn `"` into `“` and `”`. */
const QUOTES = /^["“”'‘’]+|["“”'‘’]+$/g;

/** Slack sends a command's text with `&`, `<` and `>` escaped; the reason is kept as typed (and escaped again where it is shown). */
const unescapeSlack = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * `/release freeze [<repo>|all] <reason>` and `/release unfreeze [<repo>|all]` (the words after
 * `freeze`). The first word is the scope (`all` or a repository, checked by `repo`) unless the
 * text starts with a quote: `/release freeze "incident 42"` freezes everything. A freeze needs a
 * reason; `unfreeze` alone lifts `all`.
 */
export function parseFreeze(keyword: 'freeze' | 'unfreeze', text: string, repo: (word: string) => ParseResult<string>): ParseResult<FreezeCommand> {
  const rest = text.trim();
  const quoted = /^["“”'‘’]/.test(rest);
  const [first = '', ...others] = quoted ? [] : rest.split(/\s+/).filter(Boolean);
  let scope = 'all';
  if (first) {
    if (first.toLowerCase() === 'all') scope = 'all';
    else {
      const named = repo(first);
      if (!named.ok) return named;
      scope = named.value;
    }
  }
  const tail = quoted ? rest : others.join(' ');
  if (keyword === 'unfreeze') {
    if (tail) return { ok: false, error: '`/release unfreeze` takes only a repository or `all`: `/release unfreeze all`.' };
    return { ok: true, value: { kind: 'unfreeze', scope } };
  }
  const reason = truncate(unescapeSlack(tail.replace(QUOTES, '').trim()), REASON_MAX);
  if (!reason) return { ok: false, error: 'Say why: `/release freeze all "incident 42"`. The reason is shown to everyone the freeze holds.' };
  return { ok: true, value: { kind: 'freeze', scope, reason } };
}

import { isBump, type Bump } from './bump.js';
import type { ParseResult } from './parse-release-command.js';

export type ConnectorsCommand = { kind: 'help' } | { kind: 'batch'; bump: Bump | null; dryRun: boolean } | { kind: 'status'; private: boolean };

/** Slack mrkdwn: `<` and `>` written as entities. */
export const CONNECTORS_USAGE = [
  '*Usage*',
  '`/connectors batch [patch|minor|major] [--dry-run]` proposes a release train of every connector with unreleased commits; a bump word forces that bump for all',
  '`/connectors status [--private]` lists the connectors that drift: tagged but not in production, main ahead of the tag, pinned, last rollout failed',
  '`/connectors help` shows this message',
].join('\n');

const quote = (w: string) => `\`${w.slice(0, 40).replace(/`/g, "'")}\``;
// Slack clients turn `--` into an em or en dash.
const normalise = (w: string) => w.replace(/^[\u2014\u2013]/, '--');

/** `/connectors batch [patch|minor|major] [--dry-run]` | `help` | '' (help). */
export function parseConnectorsCommand(text: string): ParseResult<ConnectorsCommand> {
  const [first, ...rest] = text.trim().split(/\s+/).filter(Boolean).map(normalise);
  if (first === undefined || first.toLowerCase() === 'help') {
    return rest.length === 0 ? { ok: true, value: { kind: 'help' } } : { ok: false, error: `${quote(rest[0]!)} is not expected after \`help\`.` };
  }
  if (first.toLowerCase() === 'status') return parseStatus(rest);
  if (first.toLowerCase() !== 'batch') return { ok: false, error: `${quote(first)} is not a subcommand: use \`batch\`, \`status\` or \`help\`.` };
  let bump: Bump | null = null;
  let dryRun = false;
  for (const word of rest) {
    const w = word.toLowerCase();
    if (w === '--dry-run') {
      if (dryRun) return { ok: false, error: '`--dry-run` is given twice.' };
      dryRun = true;
    } else if (isBump(w)) {
      if (bump) return { ok: false, error: `${quote(word)}: give one bump word at most (patch, minor or major).` };
      bump = w;
    } else if (w.startsWith('-')) {
      return { ok: false, error: `${quote(word)} is not a flag of \`/connectors batch\`: the only flag is \`--dry-run\`.` };
    } else {
      return { ok: false, error: `${quote(word)} is not a bump: use patch, minor or major.` };
    }
  }
  return { ok: true, value: { kind: 'batch', bump, dryRun } };
}

/** `/connectors status [--private]` */
function parseStatus(words: readonly string[]): ParseResult<ConnectorsCommand> {
  const [word, extra] = words;
  if (word === undefined) return { ok: true, value: { kind: 'status', private: false } };
  if (word.toLowerCase() !== '--private') return { ok: false, error: `${quote(word)} is not expected: \`/connectors status\` takes only \`--private\`.` };
  if (extra !== undefined) return { ok: false, error: `${quote(extra)} is not expected after \`--private\`.` };
  return { ok: true, value: { kind: 'status', private: true } };
}

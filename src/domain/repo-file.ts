import { branchProblems } from './release-line.js';
import { REPO_OVERRIDE_KEYS, repoOverride, type RepoOverride } from './repo-override.js';
import { truncate } from './truncate.js';

/** Where a repository keeps its own settings, on its default branch (DESIGN.md §3). */
export const REPO_FILE_PATH = '.github/release-bot.yml';

/** A repository's own settings file, as read: none, settings to apply, or why it is ignored. */
export type RepoFile = { kind: 'absent' } | { kind: 'valid'; settings: RepoOverride } | { kind: 'invalid'; problems: string[] };

/** What a proposal says of the repository's file: which settings it took from it, or why it ignored it. */
export type RepoFileNote = { kind: 'applied'; keys: string[] } | { kind: 'ignored'; problems: string[] };

/**
 * Keys of the organisation's release-bot.yml that a repository can never set: a repository
 * must not grant itself approvers, lower its required approvals or lift a freeze, nor change
 * what applies to other repositories.
 */
const ORG_ONLY = new Set([
  'approvers',
  'policies',
  'requiredApprovals',
  'selfApproval',
  'expireAfter',
  'requireChecks',
  'freeze',
  'breakGlass',
  'exclude',
  'people',
  'repos',
  'connectors',
  'github',
  'rollout',
  'digest',
]);

const ALLOWED = new Set<string>(REPO_OVERRIDE_KEYS);

/** Problems shown on a proposal at most; a broken file should not fill the message. */
const MAX_PROBLEMS = 5;

/**
 * Validates a repository's `.github/release-bot.yml` once its YAML is read (`raw`: the parsed
 * document; null for an empty file) with the schema of `repos.<name>`. Every problem is named:
 * a key only the organisation may set, an unknown key, a value of the wrong shape.
 */
export function validateRepoFile(raw: unknown): RepoFile {
  if (raw === null || raw === undefined) return { kind: 'valid', settings: {} };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { kind: 'invalid', problems: ['must be a mapping of settings, like `tagPrefix: v`'] };
  const problems: string[] = [];
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (ALLOWED.has(key)) own[key] = value;
    else if (ORG_ONLY.has(key)) problems.push(`${key}: not allowed in a repository's file (only the organisation's release-bot.yml sets it)`);
    else problems.push(`${key}: unknown key (a repository's file may set ${REPO_OVERRIDE_KEYS.join(', ')})`);
  }
  const parsed = repoOverride.safeParse(own);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  else problems.push(...branchProblems(parsed.data.branches ?? {}).map((p) => `branches.${p}`));
  if (problems.length > 0 || !parsed.success) return { kind: 'invalid', problems };
  return { kind: 'valid', settings: parsed.data };
}

/** What the proposal says of the file; null when there is none (or it sets nothing). */
export function repoFileNote(file: RepoFile): RepoFileNote | null {
  if (file.kind === 'absent') return null;
  if (file.kind === 'invalid') {
    const shown = file.problems.slice(0, MAX_PROBLEMS).map((p) => truncate(p, 300));
    const more = file.problems.length - shown.length;
    return { kind: 'ignored', problems: more > 0 ? [...shown, `and ${more} more`] : shown };
  }
  const keys = REPO_OVERRIDE_KEYS.filter((k) => file.settings[k] !== undefined);
  return keys.length === 0 ? null : { kind: 'applied', keys };
}

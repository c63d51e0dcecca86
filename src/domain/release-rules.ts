import { bumpRank, type Bump } from './bump.js';
import { matchesGlob } from './matches-glob.js';

/**
 * One entry of `releaseRules` in release-bot.yml, as @semantic-release/commit-analyzer takes
 * them: a rule matches a commit when every criterion it names matches; `release: false` says the
 * commit calls for no release at all.
 */
export interface ReleaseRule {
  /** A glob, compared case-insensitively: the Conventional Commits spec makes types case-insensitive. */
  type?: string;
  /** A glob, case-sensitive (`README*`); a commit without a scope never matches a rule that names one. */
  scope?: string;
  /** `true`: only a breaking commit (`!` or a `BREAKING CHANGE:` footer) matches. */
  breaking?: true;
  release: Bump | false;
}

/** What a rule is matched against: an analysed commit's conventional parts. */
export interface RuleSubject {
  type: string | null;
  scope: string | null;
  breaking: boolean;
}

/**
 * The built-in rules (DESIGN.md §7), the part of commit-analyzer's lib/default-release-rules.js
 * that applies to Conventional Commits: breaking → major, feat → minor, fix/perf/revert → patch.
 * commit-analyzer's `{ revert: true }` rule is `type: revert` here, because git's `Revert "…"`
 * titles are given the type `revert` when they are analysed.
 */
export const DEFAULT_RELEASE_RULES: readonly ReleaseRule[] = [
  { breaking: true, release: 'major' },
  { type: 'feat', release: 'minor' },
  { type: 'fix', release: 'patch' },
  { type: 'perf', release: 'patch' },
  { type: 'revert', release: 'patch' },
];

/** The release a set of rules gives a commit, and the rule that gave it. */
export interface RuleDecision {
  release: Bump | false;
  rule: ReleaseRule;
}

/**
 * The highest release among the rules that match, or undefined when none matches (then the
 * caller falls back to the next set of rules). As in commit-analyzer's lib/analyze-commit.js,
 * every matching rule is considered and the highest release wins, so a rule's position only
 * breaks ties. `false` ranks below every release: commit-analyzer's compare-release-types.js
 * lets a later `false` override an earlier higher match, which makes the outcome depend on the
 * order of the list; here `{ breaking: true, release: major }` beats
 * `{ type: feat, scope: experimental, release: false }` whichever comes first.
 */
export function decideRelease(rules: readonly ReleaseRule[], commit: RuleSubject): RuleDecision | undefined {
  let best: RuleDecision | undefined;
  for (const rule of rules) {
    if (!matchesReleaseRule(rule, commit)) continue;
    if (best === undefined || releaseRank(rule.release) > releaseRank(best.release)) best = { release: rule.release, rule };
  }
  return best;
}

export function matchesReleaseRule(rule: ReleaseRule, commit: RuleSubject): boolean {
  if (rule.breaking && !commit.breaking) return false;
  if (rule.type !== undefined && (commit.type === null || !matchesGlob(commit.type.toLowerCase(), [rule.type.toLowerCase()]))) {
    return false;
  }
  if (rule.scope !== undefined && (commit.scope === null || !matchesGlob(commit.scope, [rule.scope]))) return false;
  return true;
}

/** How a rule reads in a proposal: `chore(deps) → patch`, `breaking → major`, `feat(experimental) → no release`. */
export function describeReleaseRule(rule: ReleaseRule): string {
  const scope = rule.scope === undefined ? '' : `(${rule.scope})`;
  const what = rule.type === undefined ? (rule.scope === undefined ? '' : `*${scope}`) : `${rule.type}${scope}`;
  const breaking = rule.breaking ? (what === '' ? 'breaking' : `${what}!`) : what;
  return `${breaking} → ${rule.release === false ? 'no release' : rule.release}`;
}

function releaseRank(release: Bump | false): number {
  return release === false ? 0 : bumpRank(release);
}

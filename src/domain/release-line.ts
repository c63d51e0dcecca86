import semver from 'semver';
import { matchesGlob } from './matches-glob.js';

/** What `branches:` in release-bot.yml says of a branch glob: a prerelease channel, or a maintenance line. */
export type BranchSpec = { prerelease: string } | { maintenance: true };

/** The range a maintenance branch releases within: `1.x` is >=1.0.0 <2.0.0, `1.2.x` is >=1.2.0 <1.3.0. */
export interface MaintenanceRange {
  major: number;
  minor: number | null;
  /** the branch's own name, for people */
  label: string;
}

/**
 * Which line a branch releases (semantic-release's branch types, lib/branches/): the default
 * branch makes releases; a `prerelease` branch makes `<next>-<id>.N`; a `maintenance` branch
 * makes releases only inside its range and never the "Latest". Null: the branch makes none.
 */
export type ReleaseLine =
  | { kind: 'default'; branch: string }
  | { kind: 'prerelease'; branch: string; id: string }
  | { kind: 'maintenance'; branch: string; range: MaintenanceRange };

const MAINTENANCE_NAME = /^(\d+)\.(?:(\d+)\.)?x$/;

/** `1.x` / `1.2.x` (semantic-release's `N.x`, `N.N.x`); null for any other name. */
export function maintenanceRange(branch: string): MaintenanceRange | null {
  const m = MAINTENANCE_NAME.exec(branch);
  if (!m) return null;
  return { major: Number(m[1]), minor: m[2] === undefined ? null : Number(m[2]), label: branch };
}

/** Whether a version stays on a maintenance line (prereleases count by their release). */
export function withinRange(version: string, range: MaintenanceRange): boolean {
  const v = semver.parse(version);
  if (v === null) return false;
  return v.major === range.major && (range.minor === null || v.minor === range.minor);
}

/**
 * The line a branch releases, from the configured globs (an exact name wins over a glob, then
 * the first glob in the order written). The default branch is always the release line; a
 * maintenance glob that matches a branch not named `N.x` / `N.N.x` makes no line.
 */
export function releaseLine(branch: string, o: { defaultBranch: string; branches: Readonly<Record<string, BranchSpec>> }): ReleaseLine | null {
  if (branch === o.defaultBranch) return { kind: 'default', branch };
  const entries = Object.entries(o.branches);
  const spec = o.branches[branch] ?? entries.find(([pattern]) => matchesGlob(branch, [pattern]))?.[1];
  if (spec === undefined) return null;
  if ('prerelease' in spec) return { kind: 'prerelease', branch, id: spec.prerelease };
  const range = maintenanceRange(branch);
  return range ? { kind: 'maintenance', branch, range } : null;
}

/**
 * What is wrong with a `branches:` map, one sentence each: a prerelease id that is not a semver
 * identifier, a maintenance name that is not `N.x` / `N.N.x` (or a glob that can match one), and
 * two entries that give one branch different roles.
 */
export function branchProblems(branches: Readonly<Record<string, BranchSpec>>): string[] {
  const problems: string[] = [];
  const entries = Object.entries(branches);
  for (const [pattern, spec] of entries) {
    if ('prerelease' in spec) {
      if (!/^[0-9A-Za-z-]+$/.test(spec.prerelease) || /^\d+$/.test(spec.prerelease)) {
        problems.push(`${pattern}: prerelease ${JSON.stringify(spec.prerelease)} is not a prerelease identifier (letters, digits and -, not only digits)`);
      }
    } else if (!MAINTENANCE_NAME.test(pattern) && !/[*?]/.test(pattern)) {
      problems.push(`${pattern}: a maintenance branch is named N.x or N.N.x (like 1.x or 1.2.x)`);
    }
  }
  for (const [a, specA] of entries) {
    for (const [b, specB] of entries) {
      if (a !== b && !/[*?]/.test(a) && matchesGlob(a, [b]) && JSON.stringify(specA) !== JSON.stringify(specB)) {
        problems.push(`${a}: configured twice with different roles (also by ${b})`);
      }
    }
  }
  return problems;
}

import { matchesGlob } from './matches-glob.js';
import { releaseLine, type BranchSpec, type ReleaseLine } from './release-line.js';

export interface PushFacts {
  repo: string;
  ref: string;
  defaultBranch: string;
  deleted: boolean;
  archived: boolean;
  headCommitMessage: string | null;
  commitCount: number;
}

export interface RepoPolicy {
  exclude: readonly string[];
  /** release branches besides the default branch (`branches:` in release-bot.yml) */
  branches?: Readonly<Record<string, BranchSpec>>;
}

export type PushDecision =
  | { kind: 'propose'; line: ReleaseLine }
  | {
      kind: 'skip';
      reason: 'not-default-branch' | 'tag-push' | 'branch-deleted' | 'excluded' | 'archived' | 'skip-release-marker' | 'no-commits';
      detail: string;
    };

const TAG_REF = 'refs/tags/';
const BRANCH_REF = 'refs/heads/';
const SKIP_MARKER = /\[(?:skip release|release skip)\]/i;

/**
 * Whether a push webhook should become a release proposal; when not, why, in a sentence
 * fit for a log line or the sandbox page. The first reason that applies wins, cheapest and
 * most common first.
 */
export function classifyPush(push: PushFacts, policy: RepoPolicy): PushDecision {
  const { ref, repo } = push;
  if (ref.startsWith(TAG_REF)) {
    return skip('tag-push', `push of the tag ${ref.slice(TAG_REF.length)}, not a branch`);
  }
  if (push.deleted) {
    return skip('branch-deleted', `${ref} was deleted`);
  }
  const line = ref.startsWith(BRANCH_REF)
    ? releaseLine(ref.slice(BRANCH_REF.length), { defaultBranch: push.defaultBranch, branches: policy.branches ?? {} })
    : null;
  if (line === null) {
    const others = Object.keys(policy.branches ?? {});
    return skip(
      'not-default-branch',
      `push to ${ref}, not the default branch ${push.defaultBranch}${others.length ? ` nor a release branch (${others.join(', ')})` : ''}`,
    );
  }
  if (push.archived) {
    return skip('archived', `${repo} is archived`);
  }
  const pattern = excludingPattern(repo, policy.exclude);
  if (pattern !== undefined) {
    return skip('excluded', `${repo} matches the exclude pattern ${pattern}`);
  }
  const marker = push.headCommitMessage === null ? null : SKIP_MARKER.exec(push.headCommitMessage);
  if (marker) {
    return skip('skip-release-marker', `the head commit says ${marker[0]}`);
  }
  if (push.commitCount === 0) {
    return skip('no-commits', `push to ${ref} carries no commits`);
  }
  return { kind: 'propose', line };
}

/** Patterns name repositories (`infra-*`); `repo` may come as `org/name`, so both are tried. */
function excludingPattern(repo: string, patterns: readonly string[]): string | undefined {
  const name = repo.slice(repo.lastIndexOf('/') + 1);
  return patterns.find((pattern) => matchesGlob(name, [pattern]) || matchesGlob(repo, [pattern]));
}

function skip(reason: Extract<PushDecision, { kind: 'skip' }>['reason'], detail: string): PushDecision {
  return { kind: 'skip', reason, detail };
}

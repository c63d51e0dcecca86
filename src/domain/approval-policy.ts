import { matchesGlob } from './matches-glob.js';

/** One entry of `policies:` in release-bot.yml, as the config reads it (durations parsed). */
export interface PolicyEntry {
  repos: readonly string[];
  /** users (U…) and user groups (S…) who may approve these repos; the global list when absent */
  approvers?: readonly string[];
  requiredApprovals: number;
  selfApproval: boolean;
  /** how long a proposal waits for its approvals, as written (`24h`), and in milliseconds */
  expireAfter?: { text: string; ms: number };
  /** the commit's checks must be green before the tag (default false) */
  requireChecks?: boolean;
}

/**
 * The approval rules a proposal was made under, pinned on it like its commit: a change of
 * `policies` applies to the next proposal, not to one already waiting.
 */
export interface ApprovalPolicy {
  /** who may approve; null: the global approvers (RELEASE_APPROVERS and `approvers`) */
  approvers: string[] | null;
  requiredApprovals: number;
  /** false: the person who asked for the release (or pushed it) cannot approve it */
  selfApproval: boolean;
  expireAfter: { text: string; ms: number } | null;
  /** the proposed commit's checks must be green before the tag; absent on proposals made before the checks gate */
  requireChecks?: boolean;
}

/** Without a matching policy: one approval by an approver, no expiry (the bot's behaviour before policies). */
export const DEFAULT_POLICY: ApprovalPolicy = { approvers: null, requiredApprovals: 1, selfApproval: true, expireAfter: null, requireChecks: false };

/** The first policy whose `repos` globs match the repository applies; none matching → the default. */
export function policyFor(repo: string, entries: readonly PolicyEntry[]): ApprovalPolicy {
  const entry = entries.find((e) => matchesGlob(repo, e.repos));
  if (!entry) return DEFAULT_POLICY;
  return {
    approvers: entry.approvers ? [...entry.approvers] : null,
    requiredApprovals: entry.requiredApprovals,
    selfApproval: entry.selfApproval,
    expireAfter: entry.expireAfter ?? null,
    requireChecks: entry.requireChecks ?? false,
  };
}

/** A recorded approval of a proposal or a release train. */
export interface Approval {
  user: string;
  at: string;
}

/** Where the approvals stand: distinct people, in the order they approved, and whether that is enough. */
export function tallyApprovals(
  approvals: readonly Pick<Approval, 'user'>[],
  required: number,
): { users: string[]; count: number; required: number; complete: boolean } {
  const users = [...new Set(approvals.map((a) => a.user))];
  return { users, count: users.length, required, complete: users.length >= required };
}

/** Who asked for a release: the Slack user of `/release`, and the GitHub login of the push. */
export interface Requester {
  requestedBy: string | null;
  pushedBy: string | null;
}

/**
 * Whether `userId` asked for the release: they ran `/release`, or `people` maps them to the
 * GitHub login that pushed it. Logins compare without case, as GitHub's do.
 */
export function isRequester(userId: string, r: Requester, people: Readonly<Record<string, string>>): boolean {
  if (r.requestedBy === userId) return true;
  const login = people[userId];
  return login !== undefined && r.pushedBy !== null && login.toLowerCase() === r.pushedBy.toLowerCase();
}

/** A proposal past its age: it expires at `createdAt + expireAfter`. */
export function expiresAt(createdAt: string, policy: Pick<ApprovalPolicy, 'expireAfter'> | null): Date | null {
  if (!policy?.expireAfter) return null;
  return new Date(Date.parse(createdAt) + policy.expireAfter.ms);
}

/**
 * The problems of one `policies` entry that a schema cannot see: more approvals required than
 * approvers listed. Users count one each; a group's size is not known at start-up, so a list
 * with a group is only held to `requiredApprovals >= 1`.
 */
export function policyProblems(entry: Pick<PolicyEntry, 'requiredApprovals'>, approvers: readonly string[]): string[] {
  if (approvers.some((a) => a.startsWith('S'))) return [];
  const users = new Set(approvers).size;
  if (entry.requiredApprovals > users)
    return [`requiredApprovals: ${entry.requiredApprovals} distinct approvals cannot be given by the ${users} approver${users === 1 ? '' : 's'} listed`];
  return [];
}

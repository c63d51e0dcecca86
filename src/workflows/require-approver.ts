import { isRequester, type ApprovalPolicy, type Requester } from '../domain/approval-policy.js';
import type { Deps } from './deps.js';
import type { AuditEntry } from './ports/audit-trail.js';

/** Whom an attempt was about, for the audit entry of a refusal. */
export interface Attempt {
  userId: string;
  subjectType: AuditEntry['subjectType'];
  subjectId: string;
  /** what was tried, in words: `approve`, `change bump to major`, `/deploy rollback` */
  action: string;
}

/** The rules of the subject: its policy (null: the global approvers), and for an approval, who asked for it. */
export interface Rules {
  policy: Pick<ApprovalPolicy, 'approvers' | 'selfApproval'> | null;
  /** given for an approval: with `selfApproval: false`, the person who asked cannot approve */
  requester?: Requester;
}

export type Refusal = 'not-an-approver' | 'self-approval';
export type Verdict = { allowed: true } | { allowed: false; why: Refusal };

const REASONS: Record<Refusal, string> = {
  'not-an-approver': 'not an approver',
  'self-approval': 'asked for the release, and its policy says selfApproval: false',
};

/**
 * The one approver guard, checked on the server at every click and command (DESIGN.md §6): a
 * listed user, or a member of a listed user group: the policy's approvers when it names them,
 * the global ones otherwise; for an approval under `selfApproval: false`, not the person who
 * asked for it. A refusal is audited: who tried what, on what, and why not.
 */
export async function requireApprover(deps: Pick<Deps, 'config' | 'directory' | 'store'>, attempt: Attempt, rules: Rules = { policy: null }): Promise<Verdict> {
  const why = await refusal(deps, attempt.userId, rules);
  if (why === null) return { allowed: true };
  await deps.store.audit.append({
    actor: attempt.userId,
    subjectType: attempt.subjectType,
    subjectId: attempt.subjectId,
    action: 'refused',
    fromStatus: null,
    toStatus: null,
    reason: `${attempt.action}: ${REASONS[why]}`,
  });
  return { allowed: false, why };
}

async function refusal(deps: Pick<Deps, 'config' | 'directory'>, userId: string, rules: Rules): Promise<Refusal | null> {
  if (!(await isListed(deps, userId, rules.policy?.approvers ?? deps.config.approvers))) return 'not-an-approver';
  if (rules.requester && rules.policy?.selfApproval === false && isRequester(userId, rules.requester, deps.config.policy.people)) return 'self-approval';
  return null;
}

/** Whether `userId` is in a list of users (U…) and user groups (S…): approvers, breakGlass. */
export async function isListed(deps: Pick<Deps, 'directory'>, userId: string, list: readonly string[]): Promise<boolean> {
  if (list.includes(userId)) return true;
  for (const group of list.filter((a) => a.startsWith('S'))) {
    if ((await deps.directory.usergroupMembers(group)).includes(userId)) return true;
  }
  return false;
}

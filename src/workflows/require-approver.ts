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

/**
 * The one approver guard, checked on the server at every click and command (DESIGN.md §6): a
 * listed user, or a member of a listed user group. A refusal is audited: who tried what, on what.
 */
export async function requireApprover(deps: Pick<Deps, 'config' | 'directory' | 'store'>, attempt: Attempt): Promise<boolean> {
  if (await isApprover(deps, attempt.userId)) return true;
  await deps.store.audit.append({
    actor: attempt.userId,
    subjectType: attempt.subjectType,
    subjectId: attempt.subjectId,
    action: 'refused',
    fromStatus: null,
    toStatus: null,
    reason: `${attempt.action}: not an approver`,
  });
  return false;
}

async function isApprover(deps: Pick<Deps, 'config' | 'directory'>, userId: string): Promise<boolean> {
  const approvers = deps.config.approvers;
  if (approvers.includes(userId)) return true;
  for (const group of approvers.filter((a) => a.startsWith('S'))) {
    if ((await deps.directory.usergroupMembers(group)).includes(userId)) return true;
  }
  return false;
}

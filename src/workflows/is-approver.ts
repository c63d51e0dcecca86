import type { Deps } from './deps.js';

/** Checked on the server at every click: a listed user, or a member of a listed user group. */
export async function isApprover(deps: Pick<Deps, 'config' | 'slack'>, userId: string): Promise<boolean> {
  const approvers = deps.config.approvers;
  if (approvers.includes(userId)) return true;
  for (const group of approvers.filter((a) => a.startsWith('S'))) {
    const members = await deps.slack.usergroupMembers(group);
    if (members.includes(userId)) return true;
  }
  return false;
}

/** Who belongs to a Slack user group (approvers may be listed by group). */
export interface Directory {
  usergroupMembers(groupId: string): Promise<string[]>;
}

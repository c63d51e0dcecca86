import type { Directory } from '../../../src/workflows/ports/directory.js';

/** Slack user groups as a map; every lookup is recorded. */
export class FakeDirectory implements Directory {
  readonly lookups: string[] = [];

  constructor(private readonly groups: Record<string, string[]> = {}) {}

  setGroup(groupId: string, members: string[]): void {
    this.groups[groupId] = members;
  }

  async usergroupMembers(groupId: string): Promise<string[]> {
    this.lookups.push(groupId);
    return this.groups[groupId] ?? [];
  }
}

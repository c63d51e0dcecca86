import type { NewRelease } from '../../src/domain/release.js';

/** A proposal as the store takes it: widget v1.0.0 → v1.1.0, overridable field by field. */
export function newRelease(over: Partial<NewRelease> = {}): NewRelease {
  return {
    repo: 'widget',
    sha: 'a'.repeat(40),
    defaultBranch: 'main',
    repoUrl: 'https://github.com/acme/widget',
    tagPrefix: 'v',
    currentTag: 'v1.0.0',
    currentVersion: '1.0.0',
    lastPrerelease: null,
    highestStable: '1.0.0',
    ignoredTags: [],
    line: 'default',
    suggestedBump: 'minor',
    bump: 'minor',
    pre: null,
    draft: false,
    nextVersion: '1.1.0',
    tag: 'v1.1.0',
    commits: [],
    reason: { kind: 'none' },
    notesMode: 'conventional',
    channel: 'C1',
    trigger: 'push',
    requestedBy: null,
    batchId: null,
    ...over,
  };
}

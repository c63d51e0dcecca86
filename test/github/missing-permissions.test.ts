import { describe, expect, it } from 'vitest';
import { REQUIRED_PERMISSIONS, missingPermissions } from '../../src/github/missing-permissions.js';

describe('missingPermissions', () => {
  it('accepts what the README lists, and write where read is enough', () => {
    expect(missingPermissions({ ...REQUIRED_PERMISSIONS })).toEqual([]);
    expect(missingPermissions({ ...REQUIRED_PERMISSIONS, checks: 'write', metadata: 'read', issues: 'write' })).toEqual([]);
  });

  it('names each missing or too weak permission with what was granted', () => {
    expect(missingPermissions({ contents: 'read', metadata: 'read', checks: 'read', statuses: 'read', packages: 'read' })).toEqual([
      'contents: write (granted: read)',
      'deployments: write (not granted)',
    ]);
  });
});

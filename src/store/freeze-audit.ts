import type { AdHocFreeze } from '../domain/freeze-window.js';
import type { AuditEntry } from '../workflows/ports/audit-trail.js';

// The audit entries of an ad hoc freeze, built once for both stores.

export function frozen(id: number, scope: string, reason: string, by: string): AuditEntry {
  return { actor: by, subjectType: 'freeze', subjectId: String(id), action: 'freeze', fromStatus: null, toStatus: 'frozen', reason: `${scope}: ${reason}` };
}

export function unfrozen(f: AdHocFreeze, by: string): AuditEntry {
  return {
    actor: by,
    subjectType: 'freeze',
    subjectId: String(f.id),
    action: 'unfreeze',
    fromStatus: 'frozen',
    toStatus: null,
    reason: `${f.scope}: ${f.reason}`,
  };
}

import type { AuditEntry } from '../workflows/ports/audit-trail.js';

/** The audit entry of a connector pinned to an image, the same on every store. */
export function connectorPinned(connectorId: string, p: { by: string; reason: string; image: string }): AuditEntry {
  return {
    actor: p.by,
    subjectType: 'connector',
    subjectId: connectorId,
    action: 'pin',
    fromStatus: null,
    toStatus: 'pinned',
    reason: `${p.reason}: ${p.image}`,
  };
}

export function connectorUnpinned(connectorId: string, by: string): AuditEntry {
  return { actor: by, subjectType: 'connector', subjectId: connectorId, action: 'unpin', fromStatus: 'pinned', toStatus: null, reason: 'unpinned in Slack' };
}

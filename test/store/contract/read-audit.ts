import type { AuditEntry } from '../../../src/workflows/ports/audit-trail.js';
import type { Records } from '../../../src/workflows/ports/records.js';

export type StoredEntry = AuditEntry & { id: number; at: string };

/** What the composition root reads of the audit besides the port (SQLite's AuditLog through the async wrapper, or PgAuditLog). */
export interface AuditReader {
  entries(filter?: { subjectType?: string; subjectId?: string }): Promise<StoredEntry[]>;
  after(afterId: number, limit?: number): Promise<StoredEntry[]>;
  lastId(): Promise<number>;
}

/** The audit of `records`, readable: both stores' audit parts have these methods beyond the port's `append`. */
export function readAudit(records: Pick<Records, 'audit'>): AuditReader {
  return records.audit as unknown as AuditReader;
}

import type { Db } from './open-database.js';

import type { AuditEntry } from '../workflows/ports/audit-trail.js';

export type { AuditEntry };

/** The append-only audit table (the database refuses updates and deletes of it). */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  append(e: AuditEntry): void {
    this.db
      .prepare('INSERT INTO audit_log (at, actor, subject_type, subject_id, action, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(this.now().toISOString(), e.actor, e.subjectType, e.subjectId, e.action, e.fromStatus, e.toStatus, e.reason);
  }

  entries(filter: { subjectType?: string; subjectId?: string } = {}): (AuditEntry & { id: number; at: string })[] {
    const rows = this.db
      .prepare(
        `SELECT id, at, actor, subject_type AS subjectType, subject_id AS subjectId, action, from_status AS fromStatus, to_status AS toStatus, reason
         FROM audit_log WHERE (? IS NULL OR subject_type = ?) AND (? IS NULL OR subject_id = ?) ORDER BY id`,
      )
      .all(filter.subjectType ?? null, filter.subjectType ?? null, filter.subjectId ?? null, filter.subjectId ?? null);
    return rows as (AuditEntry & { id: number; at: string })[];
  }

  /** The entries written after `afterId`, oldest first, at most `limit` (the metrics read the audit as it grows). */
  after(afterId: number, limit = 1000): (AuditEntry & { id: number; at: string })[] {
    const rows = this.db
      .prepare(
        `SELECT id, at, actor, subject_type AS subjectType, subject_id AS subjectId, action, from_status AS fromStatus, to_status AS toStatus, reason
         FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`,
      )
      .all(afterId, limit);
    return rows as (AuditEntry & { id: number; at: string })[];
  }

  /** The id of the last entry (0 for none). */
  lastId(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM audit_log').get() as { id: number }).id;
  }
}

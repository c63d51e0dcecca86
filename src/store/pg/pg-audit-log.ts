import type { AuditEntry, AuditTrail } from '../../workflows/ports/audit-trail.js';
import type { PgSql } from './pg-sql.js';

/** The append-only audit table on PostgreSQL (a trigger refuses updates and deletes of it). */
export class PgAuditLog implements AuditTrail {
  constructor(
    private readonly sql: PgSql,
    private readonly now: () => Date,
  ) {}

  async append(e: AuditEntry): Promise<void> {
    await this.sql.run('INSERT INTO audit_log (at, actor, subject_type, subject_id, action, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      this.now().toISOString(),
      e.actor,
      e.subjectType,
      e.subjectId,
      e.action,
      e.fromStatus,
      e.toStatus,
      e.reason,
    ]);
  }
}

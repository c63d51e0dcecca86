import type { AuditEntry, AuditTrail } from '../../workflows/ports/audit-trail.js';
import type { PgSql } from './pg-sql.js';

const COLUMNS = 'id, at, actor, subject_type AS "subjectType", subject_id AS "subjectId", action, from_status AS "fromStatus", to_status AS "toStatus", reason';

type Stored = AuditEntry & { id: number; at: string };

/**
 * The append-only audit table on PostgreSQL (a trigger refuses updates and deletes of it).
 *
 * Ids are handed out as rows are inserted, not as their transactions commit: with several
 * writers, an entry may become visible after one with a higher id. A reader that keeps a cursor
 * (`after`) can step past it; SQLite, with one writer at a time, cannot.
 */
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

  entries(filter: { subjectType?: string; subjectId?: string } = {}): Promise<Stored[]> {
    // Typed: PostgreSQL cannot infer the type of a parameter only compared with NULL.
    return this.sql.all<Stored>(
      `SELECT ${COLUMNS} FROM audit_log
       WHERE (?::text IS NULL OR subject_type = ?) AND (?::text IS NULL OR subject_id = ?) ORDER BY id`,
      [filter.subjectType ?? null, filter.subjectType ?? null, filter.subjectId ?? null, filter.subjectId ?? null],
    );
  }

  /** The entries written after `afterId`, oldest first, at most `limit` (the metrics read the audit as it grows). */
  after(afterId: number, limit = 1000): Promise<Stored[]> {
    return this.sql.all<Stored>(`SELECT ${COLUMNS} FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`, [afterId, limit]);
  }

  /** As `after`, the entries this replica wrote only (its connections' `release_bot.replica`): what its metrics count. */
  ownAfter(afterId: number, limit = 1000): Promise<Stored[]> {
    return this.sql.all<Stored>(
      `SELECT ${COLUMNS} FROM audit_log WHERE replica IS NOT DISTINCT FROM current_setting('release_bot.replica', true) AND id > ? ORDER BY id LIMIT ?`,
      [afterId, limit],
    );
  }

  /** The id of the last entry (0 for none). */
  async lastId(): Promise<number> {
    return (await this.sql.get<{ id: number }>('SELECT COALESCE(MAX(id), 0) AS id FROM audit_log'))?.id ?? 0;
  }
}

import type { AdHocFreeze } from '../../domain/freeze-window.js';
import type { FreezeOutcome, FreezeRecords } from '../../workflows/ports/freeze-records.js';
import { frozen, unfrozen } from '../freeze-audit.js';
import { PgAuditLog } from './pg-audit-log.js';
import type { PgSql } from './pg-sql.js';

const SELECT = 'SELECT id, scope, reason, frozen_by AS "by", frozen_at AS "at" FROM freezes';

/** Ad hoc freezes on PostgreSQL: the unique index keeps one open per scope, whichever replica froze it. */
export class PgFreezeStore implements FreezeRecords {
  constructor(
    private readonly sql: PgSql,
    private readonly now: () => Date,
  ) {}

  active(): Promise<AdHocFreeze[]> {
    return this.sql.all<AdHocFreeze>(`${SELECT} WHERE lifted_at IS NULL ORDER BY id`);
  }

  freeze(scope: string, reason: string, by: string): Promise<FreezeOutcome> {
    return this.sql.atomic(async (sql): Promise<FreezeOutcome> => {
      // A freeze of the same scope by another replica is waited for, then found: no unique violation.
      const made = await sql.get<{ id: number }>(
        'INSERT INTO freezes (scope, reason, frozen_by, frozen_at) VALUES (?, ?, ?, ?) ON CONFLICT (scope) WHERE lifted_at IS NULL DO NOTHING RETURNING id',
        [scope, reason, by, this.now().toISOString()],
      );
      if (!made) {
        const open = await sql.get<AdHocFreeze>(`${SELECT} WHERE scope = ? AND lifted_at IS NULL`, [scope]);
        if (!open) throw new Error(`the freeze of ${scope} was neither made nor found`);
        return { kind: 'already', freeze: open };
      }
      await new PgAuditLog(sql, this.now).append(frozen(made.id, scope, reason, by));
      return { kind: 'frozen', freeze: (await sql.get<AdHocFreeze>(`${SELECT} WHERE id = ?`, [made.id]))! };
    });
  }

  unfreeze(scope: string, by: string): Promise<AdHocFreeze[]> {
    return this.sql.atomic(async (sql) => {
      // FOR UPDATE: a replica lifting the same freeze waits, then finds it lifted.
      const lifted =
        scope === 'all'
          ? await sql.all<AdHocFreeze>(`${SELECT} WHERE lifted_at IS NULL ORDER BY id FOR UPDATE`)
          : await sql.all<AdHocFreeze>(`${SELECT} WHERE scope = ? AND lifted_at IS NULL FOR UPDATE`, [scope]);
      const at = this.now().toISOString();
      const audit = new PgAuditLog(sql, this.now);
      for (const f of lifted) {
        await sql.run('UPDATE freezes SET lifted_by = ?, lifted_at = ? WHERE id = ?', [by, at, f.id]);
        await audit.append(unfrozen(f, by));
      }
      return lifted;
    });
  }
}

import type { Db } from './open-database.js';
import type { AuditLog } from './audit-log.js';
import type { AdHocFreeze } from '../domain/freeze-window.js';
import type { FreezeOutcome } from '../workflows/ports/freeze-records.js';
import { frozen, unfrozen } from './freeze-audit.js';

const SELECT = 'SELECT id, scope, reason, frozen_by AS by, frozen_at AS at FROM freezes';

/** Ad hoc freezes: a row per freeze, open until lifted; the unique index keeps one open per scope. */
export class FreezeStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  active(): AdHocFreeze[] {
    return this.db.prepare(`${SELECT} WHERE lifted_at IS NULL ORDER BY id`).all() as AdHocFreeze[];
  }

  freeze(scope: string, reason: string, by: string): FreezeOutcome {
    return this.db.transaction((): FreezeOutcome => {
      const open = this.db.prepare(`${SELECT} WHERE scope = ? AND lifted_at IS NULL`).get(scope) as AdHocFreeze | undefined;
      if (open) return { kind: 'already', freeze: open };
      const info = this.db
        .prepare('INSERT INTO freezes (scope, reason, frozen_by, frozen_at) VALUES (?, ?, ?, ?)')
        .run(scope, reason, by, this.now().toISOString());
      const id = Number(info.lastInsertRowid);
      this.audit.append(frozen(id, scope, reason, by));
      return { kind: 'frozen', freeze: this.db.prepare(`${SELECT} WHERE id = ?`).get(id) as AdHocFreeze };
    })();
  }

  unfreeze(scope: string, by: string): AdHocFreeze[] {
    return this.db.transaction(() => {
      const lifted = (
        scope === 'all'
          ? this.db.prepare(`${SELECT} WHERE lifted_at IS NULL ORDER BY id`).all()
          : this.db.prepare(`${SELECT} WHERE scope = ? AND lifted_at IS NULL`).all(scope)
      ) as AdHocFreeze[];
      const at = this.now().toISOString();
      for (const f of lifted) {
        this.db.prepare('UPDATE freezes SET lifted_by = ?, lifted_at = ? WHERE id = ?').run(by, at, f.id);
        this.audit.append(unfrozen(f, by));
      }
      return lifted;
    })();
  }
}

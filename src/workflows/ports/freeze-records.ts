import type { AdHocFreeze } from '../../domain/freeze-window.js';

export type FreezeOutcome = { kind: 'frozen'; freeze: AdHocFreeze } | { kind: 'already'; freeze: AdHocFreeze };

/** Ad hoc freezes (`/release freeze`, `/release unfreeze`); each change is audited with it. */
export interface FreezeRecords {
  /** the freezes in force, oldest first */
  active(): Promise<AdHocFreeze[]>;
  /** freezes `scope` (a repository or `all`), unless it is frozen already */
  freeze(scope: string, reason: string, by: string): Promise<FreezeOutcome>;
  /** lifts the freeze of `scope`; `all` lifts every ad hoc freeze. Returns those lifted. */
  unfreeze(scope: string, by: string): Promise<AdHocFreeze[]>;
}

/** A gate that holds a release until it is passed, or bypassed by break-glass: a freeze, or red checks. */
export type Gate = 'freeze' | 'checks';

/** Break-glass: someone of `breakGlass` released anyway; who, why, and which gates it passed. */
export interface Bypass {
  by: string;
  reason: string;
  what: Gate[];
  at: string;
}

/** Whether a release's bypasses let it past `gate`. */
export function bypasses(list: readonly Bypass[] | undefined, gate: Gate): boolean {
  return (list ?? []).some((b) => b.what.includes(gate));
}

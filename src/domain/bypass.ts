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

/**
 * Whether red or pending checks hold a release that break-glass could let past them: its policy
 * requires checks, their last reading blocks or waits, and nobody bypassed them yet.
 */
export function checksHolding(r: { policy: { requireChecks?: boolean } | null; checks: { verdict: string } | null; bypasses?: readonly Bypass[] }): boolean {
  if (!r.policy?.requireChecks || !r.checks) return false;
  return (r.checks.verdict === 'block' || r.checks.verdict === 'wait') && !bypasses(r.bypasses, 'checks');
}

/** The bypass of the checks a gate takes as its input: who and why. */
export function checksBypass(list: readonly Bypass[] | undefined): { by: string; reason: string } | null {
  const b = (list ?? []).find((x) => x.what.includes('checks'));
  return b ? { by: b.by, reason: b.reason } : null;
}

import { expiresAt } from '../domain/approval-policy.js';
import type { Release } from '../domain/release.js';
import type { Deps } from './deps.js';
import { owe } from './owe.js';
import { parentUpdate, reply } from './owe-release-messages.js';

/**
 * Expires the proposals past their policy's `expireAfter` at `now`: proposed → expired, the
 * message loses its buttons and the thread says so, in one unit of work each. Says when the
 * next one is due (null: none waits), for the timer.
 */
export async function expireProposals(deps: Pick<Deps, 'store' | 'narrator' | 'config'>, now: Date): Promise<{ expired: Release[]; next: Date | null }> {
  const expired: Release[] = [];
  let next: Date | null = null;
  for (const r of await deps.store.releases.openUnderPolicy()) {
    const at = expiresAt(r.createdAt, r.policy);
    if (!at) continue;
    if (at > now) {
      if (!next || at < next) next = at;
      continue;
    }
    const reason = `no ${r.policy?.requiredApprovals ?? 1} approval(s) within ${r.policy?.expireAfter?.text} (${r.approvals.length} given)`;
    const moved = await deps.store.transaction(async (tx) => {
      const m = await tx.releases.advance(r.id, 'proposed', 'expired', 'bot', reason);
      if (m) await owe(tx, parentUpdate(deps, m), reply(deps, m, { kind: 'expired' }));
      return m;
    });
    if (moved) expired.push(moved);
  }
  return { expired, next };
}

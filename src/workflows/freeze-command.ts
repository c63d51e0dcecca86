import { adHocFreeze, type AdHocFreeze } from '../domain/freeze-window.js';
import type { Deps } from './deps.js';
import type { FreezeNoticeView } from './ports/narrator.js';
import type { OwedMessage } from './ports/outbox.js';
import { requireApprover } from './require-approver.js';

export type FreezeCommandOutcome =
  | { kind: 'frozen'; freeze: AdHocFreeze }
  /** this scope is frozen already: nothing changed */
  | { kind: 'already'; freeze: AdHocFreeze }
  | { kind: 'unfrozen'; lifted: AdHocFreeze[] }
  /** nothing ad hoc to lift for this scope (a scheduled freeze cannot be lifted; `all`'s freeze still holds a repo) */
  | { kind: 'not-frozen'; scope: string; frozenByAll: AdHocFreeze | null }
  | { kind: 'not-allowed' }
  | { kind: 'unknown-repo'; repo: string };

type CommandDeps = Pick<Deps, 'config' | 'directory' | 'store' | 'github' | 'narrator'>;

/** The channel is told when a freeze starts and ends: keyed by the freeze, so once. */
export function freezeNotice(deps: Pick<Deps, 'config' | 'narrator'>, view: FreezeNoticeView): OwedMessage {
  return {
    key: `freeze:${view.freeze.id}:${view.event === 'started' ? 'start' : 'end'}`,
    lane: 'freezes',
    kind: 'post',
    channel: deps.config.releaseChannel,
    message: deps.narrator.freezeNotice(view),
  };
}

async function guard(deps: CommandDeps, userId: string, scope: string, action: string): Promise<FreezeCommandOutcome | null> {
  const verdict = await requireApprover(deps, { userId, subjectType: 'freeze', subjectId: scope, action });
  if (!verdict.allowed) return { kind: 'not-allowed' };
  if (scope !== 'all' && !(await deps.github.getRepo(scope))) return { kind: 'unknown-repo', repo: scope };
  return null;
}

/** `/release freeze [<repo>|all] <reason>` (approvers): recorded, audited, and told in the release channel, in one unit of work. */
export async function freeze(deps: CommandDeps, c: { scope: string; reason: string; userId: string }): Promise<FreezeCommandOutcome> {
  const refused = await guard(deps, c.userId, c.scope, `/release freeze ${c.scope}`);
  if (refused) return refused;
  return deps.store.transaction(async (tx) => {
    const o = await tx.freezes.freeze(c.scope, c.reason, c.userId);
    if (o.kind === 'frozen') await tx.outbox.owe(freezeNotice(deps, { event: 'started', freeze: adHocFreeze(o.freeze) }));
    return o;
  });
}

/** `/release unfreeze [<repo>|all]` (approvers): `all` lifts every ad hoc freeze; each lifted one is told in the release channel. */
export async function unfreeze(deps: CommandDeps, c: { scope: string; userId: string }): Promise<FreezeCommandOutcome> {
  const refused = await guard(deps, c.userId, c.scope, `/release unfreeze ${c.scope}`);
  if (refused) return refused;
  const lifted = await deps.store.transaction(async (tx) => {
    const done = await tx.freezes.unfreeze(c.scope, c.userId);
    for (const f of done) await tx.outbox.owe(freezeNotice(deps, { event: 'ended', freeze: adHocFreeze(f), by: c.userId }));
    return done;
  });
  if (lifted.length > 0) return { kind: 'unfrozen', lifted };
  const all = (await deps.store.freezes.active()).find((f) => f.scope === 'all') ?? null;
  return { kind: 'not-frozen', scope: c.scope, frozenByAll: all };
}

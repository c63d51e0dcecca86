import { deliveryStats } from '../domain/delivery-stats.js';
import { dueWeek, parseWeekly } from '../domain/weekly-schedule.js';
import { connectorStatus } from './connector-status.js';
import type { Deps } from './deps.js';

const DAY = 86_400_000;
/** the digest covers the week before it, compared with the week before that */
const DIGEST_DAYS = 7;
const TOP = 10;

export type DigestOutcome = { kind: 'off' } | { kind: 'not-due' } | { kind: 'sent-before'; week: string } | { kind: 'owed'; week: string };

/**
 * The weekly digest (`digest:` in release-bot.yml), when it is due: the week is claimed by a row
 * in the same transaction that owes the message, so two replicas, or a bot restarted in the
 * scheduled minute, send it once. The figures are read before the transaction (the drift costs
 * GraphQL requests); a replica that loses the claim has read them for nothing, once a week.
 */
export async function sendWeeklyDigest(deps: Pick<Deps, 'config' | 'store' | 'orgReader' | 'narrator'>, now: Date): Promise<DigestOutcome> {
  const d = deps.config.policy.digest;
  const schedule = d && parseWeekly(d.weekly, d.timezone);
  if (!schedule) return { kind: 'off' };
  const week = dueWeek(now, schedule);
  if (week === null) return { kind: 'not-due' };

  const scope = { kind: 'all' } as const;
  const history = await deps.store.insights.history(new Date(now.getTime() - 2 * DIGEST_DAYS * DAY).toISOString());
  const stats = deliveryStats(history, { scope, days: DIGEST_DAYS, now });
  const drift = await connectorStatus(deps, now);
  const message = deps.narrator.digest({ week, scope, stats, drift, top: drift.drifting.slice(0, TOP) });

  return deps.store.transaction(async (tx) => {
    if (!(await tx.insights.claimDigest(week))) return { kind: 'sent-before', week };
    await tx.outbox.owe({ key: `digest:${week}`, lane: `digest:${week}`, kind: 'post', channel: deps.config.releaseChannel, message });
    return { kind: 'owed', week };
  });
}

import type { Counter, Histogram } from 'prom-client';
import type { AuditEntry } from '../workflows/ports/audit-trail.js';

export type AuditRow = AuditEntry & { id: number; at: string };

/** How the metrics read the audit; committed entries only (main.ts reads in the records' turn, between units of work). */
export interface AuditReader {
  /** entries after `afterId`, oldest first, a page at a time */
  after(afterId: number): Promise<AuditRow[]>;
  /** every entry of one subject, oldest first */
  of(subjectType: AuditEntry['subjectType'], subjectId: string): Promise<AuditRow[]>;
}

/** The metrics the audit feeds. */
export interface AuditCounters {
  releases: Counter<'status'>;
  releaseDuration: Histogram;
  rollouts: Counter<'status'>;
  refusals: Counter<'subject' | 'action'>;
}

const RELEASE_ENDS: Readonly<Record<string, string>> = { notified: 'released', failed: 'failed', skipped: 'skipped', expired: 'expired' };
const ROLLOUT_ENDS = new Set(['deployed', 'failed', 'rolled_back', 'held']);
// What a refused attempt tried (require-approver.ts writes "<attempt>: <why>"), reduced to a word
// of a known few: the attempt's text may name a repository or a version.
const REFUSED_ACTIONS = ['approve', 'skip', 'change', 'retry', 'cancel', 'deploy', 'rollback', 'unpin', 'freeze', 'unfreeze'];

/**
 * The counters of what happened to releases, rollouts and refusals, read from the append-only
 * audit, which every change of status goes through in the transaction that makes it: a step
 * that was rolled back is never counted, and no runner has to know about metrics. The audit is
 * read from where the last scrape stopped; what happened before this process started is not
 * counted (a counter starts at zero with its process, as Prometheus expects).
 *
 * Ids are handed out as entries are written, not as their transactions commit: with concurrent
 * writers (PostgreSQL) an entry can become visible after one with a higher id was read. So the
 * entries of the last `settleMs` are read again at each scrape, each counted once; an entry not
 * visible that long after it was written belonged to a transaction that was rolled back.
 */
export class AuditMetrics {
  /** ids read and counted above `settled` */
  private readonly counted = new Set<number>();

  constructor(
    private readonly reader: AuditReader,
    readonly metrics: AuditCounters,
    /** every entry up to this id is counted or never will be */
    private settled: number,
    private readonly o: { settleMs?: number; now?: () => number } = {},
  ) {}

  async catchUp(): Promise<void> {
    const settleBefore = (this.o.now ?? Date.now)() - (this.o.settleMs ?? 60_000);
    let from = this.settled;
    let settling = true;
    for (;;) {
      const rows = await this.reader.after(from);
      if (rows.length === 0) break;
      for (const row of rows) {
        if (!this.counted.has(row.id)) {
          this.counted.add(row.id);
          await this.count(row);
        }
        // Settled up to the first entry still young enough to have a neighbour below it yet to commit.
        settling &&= Date.parse(row.at) < settleBefore;
        if (settling) this.settled = row.id;
      }
      from = rows.at(-1)!.id;
    }
    for (const id of this.counted) if (id <= this.settled) this.counted.delete(id);
  }

  private async count(row: AuditRow): Promise<void> {
    if (row.action === 'refused') {
      this.metrics.refusals.inc({ subject: row.subjectType, action: refusedAction(row.reason) });
      return;
    }
    if (row.toStatus === null || row.fromStatus === row.toStatus) return;
    if (row.subjectType === 'rollout' && ROLLOUT_ENDS.has(row.toStatus)) this.metrics.rollouts.inc({ status: row.toStatus });
    if (row.subjectType !== 'release') return;
    const end = RELEASE_ENDS[row.toStatus];
    if (end) this.metrics.releases.inc({ status: end });
    if (row.toStatus === 'notified') {
      // From the first approval: a failed release retried later counts the whole wait, as /release stats does.
      const approved = (await this.reader.of('release', row.subjectId)).find((e) => e.toStatus === 'approved' && e.fromStatus !== 'approved');
      if (approved) this.metrics.releaseDuration.observe(Math.max(0, (Date.parse(row.at) - Date.parse(approved.at)) / 1000));
    }
  }
}

export function refusedAction(reason: string | null): string {
  const word = (reason ?? '').split(/[:\s]/, 1)[0]!.replace(/^\//, '');
  // "/deploy rollback" and "/deploy unpin" are told apart by their second word.
  const second = (reason ?? '').split(/[:\s]/)[1];
  if (word === 'deploy' && (second === 'rollback' || second === 'unpin')) return second;
  return REFUSED_ACTIONS.includes(word) ? word : 'other';
}

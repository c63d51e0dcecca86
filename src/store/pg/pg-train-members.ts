import { tallyApprovals, type Approval } from '../../domain/approval-policy.js';
import type { Bypass, Gate } from '../../domain/bypass.js';
import type { NewRelease, Release } from '../../domain/release.js';
import { canTransition, RELEASE_IN_FLIGHT, type ReleaseStatus } from '../../domain/release-status.js';
import type { ApproveOutcome, StepResult } from '../../workflows/ports/release-records.js';
import { newReleaseColumns, toRelease, type ReleaseRow } from '../release-row.js';
import { PgAuditLog } from './pg-audit-log.js';
import { lockRepo } from './pg-locks.js';
import type { PgSql } from './pg-sql.js';

// Statuses are fixed words of the domain, never input: safe to inline in SQL.
const IN_FLIGHT_SQL = RELEASE_IN_FLIGHT.map((st) => `'${st}'`).join(',');

/**
 * The release rows of a release train, as the batch store writes them: the SQLite release store's
 * `propose`, `approve`, `advance` and `inBatch`, same columns, same audit, on the caller's `sql`
 * (the train's transaction). A train's members have a batch id: there is no proposal to supersede.
 */
export class PgTrainMembers {
  constructor(
    private readonly sql: PgSql,
    private readonly now: () => Date,
  ) {}

  async get(id: number, o: { forUpdate?: boolean } = {}): Promise<Release | undefined> {
    const row = await this.sql.get<ReleaseRow>(`SELECT * FROM releases WHERE id = ?${o.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return row && this.toRelease(row);
  }

  async inBatch(batchId: number): Promise<Release[]> {
    // COLLATE "C": byte order, as SQLite sorts, whatever the database's locale.
    const rows = await this.sql.all<ReleaseRow>('SELECT * FROM releases WHERE batch_id = ? ORDER BY repo COLLATE "C"', [batchId]);
    return Promise.all(rows.map((r) => this.toRelease(r)));
  }

  async propose(input: NewRelease & { batchId: number }, actor: string): Promise<Release> {
    const at = this.now().toISOString();
    // Column names are our own keys, never input: safe to inline in SQL.
    const columns = newReleaseColumns(input);
    const names = Object.keys(columns);
    const made = await this.sql.get<{ id: number }>(
      `INSERT INTO releases (status, ${names.join(', ')}, created_at, updated_at) VALUES ('proposed', ${names.map(() => '?').join(', ')}, ?, ?) RETURNING id`,
      [...Object.values(columns), at, at],
    );
    const id = made!.id;
    await new PgAuditLog(this.sql, this.now).append({
      actor,
      subjectType: 'release',
      subjectId: String(id),
      action: 'propose',
      fromStatus: null,
      toStatus: 'proposed',
      reason: `${input.tag} for ${input.sha.slice(0, 7)}`,
    });
    return (await this.get(id))!;
  }

  /** The SQLite release store's `approve`: the policy's N-th distinct approval moves it to approved, unless its repo has one in flight. */
  async approve(id: number, user: string): Promise<ApproveOutcome> {
    const release = await this.get(id, { forUpdate: true });
    if (!release) return { kind: 'unknown' };
    if (release.status !== 'proposed') return { kind: 'not-proposed', release };
    if (release.approvals.some((a) => a.user === user)) return { kind: 'already', release };
    const tally = tallyApprovals([...release.approvals, { user }], release.policy?.requiredApprovals ?? 1);
    if (tally.complete) {
      // One release in flight per repository: a replica approving another release of it waits here, then finds it.
      await lockRepo(this.sql, release.repo);
      const inFlight = await this.sql.get<ReleaseRow>(`SELECT * FROM releases WHERE repo = ? AND status IN (${IN_FLIGHT_SQL})`, [release.repo]);
      if (inFlight) return { kind: 'busy', inFlight: await this.toRelease(inFlight) };
    }
    await this.sql.run('INSERT INTO approvals (release_id, "user", at) VALUES (?, ?, ?)', [id, user, this.now().toISOString()]);
    const counted = `${tally.count} of ${tally.required} approvals`;
    if (!tally.complete) {
      await new PgAuditLog(this.sql, this.now).append({
        actor: user,
        subjectType: 'release',
        subjectId: String(id),
        action: 'approve',
        fromStatus: 'proposed',
        toStatus: 'proposed',
        reason: counted,
      });
      return { kind: 'counted', release: (await this.get(id))! };
    }
    const reason = tally.required > 1 ? `approved in Slack (${counted}: ${tally.users.join(', ')})` : 'approved in Slack';
    return { kind: 'approved', release: await this.setStatus(release, 'approved', user, reason, { approvedBy: user }) };
  }

  /** Moves a release one step; refuses (undefined) to move from a status other than `from`. */
  async advance(id: number, from: ReleaseStatus, to: ReleaseStatus, actor: string, reason: string, result: StepResult = {}): Promise<Release | undefined> {
    if (!canTransition(from, to)) throw new Error(`a release cannot go from ${from} to ${to}`);
    const release = await this.get(id, { forUpdate: true });
    if (!release || release.status !== from) return undefined;
    return this.setStatus(release, to, actor, reason, result);
  }

  private async setStatus(release: Release, to: ReleaseStatus, actor: string, reason: string, result: StepResult): Promise<Release> {
    if (!canTransition(release.status, to)) throw new Error(`a release cannot go from ${release.status} to ${to}`);
    await this.sql.run(
      `UPDATE releases SET status = ?, updated_at = ?,
         tag_object_sha = COALESCE(?, tag_object_sha), release_id = COALESCE(?, release_id), release_url = COALESCE(?, release_url),
         error = CASE WHEN ? = 'approved' THEN NULL ELSE COALESCE(?, error) END, approved_by = COALESCE(?, approved_by)
       WHERE id = ?`,
      [
        to,
        this.now().toISOString(),
        result.tagObjectSha ?? null,
        result.releaseId ?? null,
        result.releaseUrl ?? null,
        to,
        result.error ?? null,
        result.approvedBy ?? null,
        release.id,
      ],
    );
    await new PgAuditLog(this.sql, this.now).append({
      actor,
      subjectType: 'release',
      subjectId: String(release.id),
      action: to,
      fromStatus: release.status,
      toStatus: to,
      reason,
    });
    return (await this.get(release.id))!;
  }

  private async toRelease(row: ReleaseRow): Promise<Release> {
    const approvals = await this.sql.all<Approval>('SELECT "user", at FROM approvals WHERE release_id = ? AND voided_at IS NULL ORDER BY id', [row.id]);
    const bypasses = await this.sql.all<Omit<Bypass, 'what'> & { what: string }>(
      'SELECT "by", reason, what, at FROM bypasses WHERE release_id = ? ORDER BY id',
      [row.id],
    );
    return toRelease(
      row,
      approvals,
      bypasses.map((b) => ({ ...b, what: b.what.split(',') as Gate[] })),
    );
  }
}

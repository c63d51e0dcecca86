import { tallyApprovals } from '../../domain/approval-policy.js';
import type { Bump } from '../../domain/bump.js';
import type { Gate } from '../../domain/bypass.js';
import type { Freeze } from '../../domain/freeze-window.js';
import type { NewRelease, Release, ReleaseChecks } from '../../domain/release.js';
import type { ReleaseStatus } from '../../domain/release-status.js';
import type { ApproveOutcome, ReleaseRecords, RetryOutcome, StepResult } from '../../workflows/ports/release-records.js';
import { approvalCounted, approvedReason } from '../approval-audit.js';
import { assertReleaseMove } from '../assert-move.js';
import { checksChanged, RELEASE_REASONS, releaseBumpChanged, releaseBypassed, releaseChecksRead, releaseMoved, releaseProposed } from '../release-audit.js';
import { newReleaseColumns, type ReleaseRow } from '../release-row.js';
import { IN_FLIGHT_SQL } from '../release-status-sql.js';
import { PgAuditLog } from './pg-audit-log.js';
import { loadRelease, loadReleases } from './pg-load-releases.js';
import { PgReleaseReader } from './pg-release-reader.js';
import type { PgSql } from './pg-sql.js';
import { lockRepo } from './pg-locks.js';
import { columnList } from '../column-list.js';

/**
 * Releases on PostgreSQL, move for move as the SQLite store makes them. Where SQLite's single
 * writer makes read-then-write safe, here the row is read `FOR UPDATE`, and a decision about the
 * other releases of a repo (supersede the open proposals; refuse a second release in flight) is
 * taken under a transaction-scoped advisory lock on the repo: a replica deciding the same waits,
 * then sees the first one's outcome, instead of failing on the unique index. Every move of a row
 * takes its repo's lock first, then the row's: within a repo, two units of work never deadlock.
 */
export class PgReleaseStore extends PgReleaseReader implements ReleaseRecords {
  constructor(
    sql: PgSql,
    private readonly now: () => Date,
  ) {
    super(sql);
  }

  /** Inserts a proposal; older open proposals of the same repo are superseded (cancelled), so only the newest can be approved. */
  propose(input: NewRelease, actor: string): Promise<{ release: Release; superseded: Release[] }> {
    return this.sql.atomic(async (sql) => {
      const at = this.now().toISOString();
      let open: Release[] = [];
      if (input.batchId === null) {
        await lockRepo(sql, input.repo);
        const rows = await sql.all<ReleaseRow>("SELECT * FROM releases WHERE repo = ? AND status = 'proposed' AND batch_id IS NULL ORDER BY id FOR UPDATE", [
          input.repo,
        ]);
        open = await loadReleases(sql, rows);
      }
      for (const old of open) await this.setStatus(sql, old, 'cancelled', actor, RELEASE_REASONS.superseded, {});
      const columns = columnList(newReleaseColumns(input));
      const inserted = await sql.get<{ id: number }>(
        `INSERT INTO releases (status, ${columns.names}, created_at, updated_at) VALUES ('proposed', ${columns.placeholders}, ?, ?) RETURNING id`,
        [...columns.values, at, at],
      );
      const id = inserted!.id;
      await this.audit(sql).append(releaseProposed(id, input, actor));
      const superseded: Release[] = [];
      for (const o of open) superseded.push((await this.getOn(sql, o.id))!);
      return { release: (await this.getOn(sql, id))!, superseded };
    });
  }

  async setReported(id: number, status: ReleaseStatus): Promise<void> {
    await this.sql.run('UPDATE releases SET reported_status = ? WHERE id = ?', [status, id]);
  }

  /**
   * The checks as just read and the gate's verdict on them; the audit log keeps the gate's first
   * reading and each change after it (a poll that finds the same changes nothing but the row).
   */
  recordChecks(id: number, checks: ReleaseChecks, actor: string, reason: string): Promise<Release | undefined> {
    return this.sql.atomic(async (sql) => {
      const release = await locked(sql, id);
      if (!release) return undefined;
      const before = release.checks;
      await sql.run('UPDATE releases SET checks = ? WHERE id = ?', [JSON.stringify(checks), id]);
      if (checksChanged(before, checks)) await this.audit(sql).append(releaseChecksRead(release, checks, actor, reason));
      return this.getOn(sql, id);
    });
  }

  async setMessage(id: number, messageTs: string): Promise<void> {
    await this.sql.run('UPDATE releases SET message_ts = ?, updated_at = ? WHERE id = ?', [messageTs, this.now().toISOString(), id]);
  }

  /**
   * Records `user`'s approval; the one that makes the policy's N-th distinct approval moves the
   * proposal to approved, unless another release of the repo is in flight (then nothing is
   * recorded). A second approval by the same person changes nothing.
   */
  approve(id: number, user: string): Promise<ApproveOutcome> {
    return this.sql.atomic(async (sql): Promise<ApproveOutcome> => {
      const release = await locked(sql, id);
      if (!release) return { kind: 'unknown' };
      if (release.status !== 'proposed') return { kind: 'not-proposed', release };
      if (release.approvals.some((a) => a.user === user)) return { kind: 'already', release };
      const tally = tallyApprovals([...release.approvals, { user }], release.policy?.requiredApprovals ?? 1);
      if (tally.complete) {
        const inFlight = await inFlightOf(sql, release.repo);
        if (inFlight) return { kind: 'busy', inFlight };
      }
      // The row is locked: no other approval of it can be on its way, so the insert takes.
      await sql.run('INSERT INTO approvals (release_id, "user", at) VALUES (?, ?, ?)', [id, user, this.now().toISOString()]);
      if (!tally.complete) {
        await this.audit(sql).append(approvalCounted('release', id, user, tally));
        return { kind: 'counted', release: (await this.getOn(sql, id))! };
      }
      return { kind: 'approved', release: await this.setStatus(sql, release, 'approved', user, approvedReason(tally), { approvedBy: user }) };
    });
  }

  /** The freeze a proposal is shown under, or that holds an approved release; null lifts it. */
  async setFrozen(id: number, freeze: Freeze | null): Promise<Release | undefined> {
    await this.sql.run('UPDATE releases SET frozen = ? WHERE id = ?', [freeze === null ? null : JSON.stringify(freeze), id]);
    return this.get(id);
  }

  /** Break-glass: `by` released it past `what`, because `reason`; audited in the same transaction. */
  bypass(id: number, b: { by: string; reason: string; what: Gate[] }): Promise<Release | undefined> {
    return this.sql.atomic(async (sql) => {
      const release = await locked(sql, id);
      if (!release) return undefined;
      await sql.run('INSERT INTO bypasses (release_id, "by", reason, what, at) VALUES (?, ?, ?, ?, ?)', [
        id,
        b.by,
        b.reason,
        b.what.join(','),
        this.now().toISOString(),
      ]);
      await this.audit(sql).append(releaseBypassed(release, b));
      return this.getOn(sql, id);
    });
  }

  changeBump(id: number, user: string, change: { bump: Bump; nextVersion: string; tag: string }): Promise<Release | undefined> {
    return this.sql.atomic(async (sql) => {
      const release = await locked(sql, id);
      if (release?.status !== 'proposed') return undefined;
      const at = this.now().toISOString();
      await sql.run('UPDATE releases SET bump = ?, next_version = ?, tag = ?, updated_at = ? WHERE id = ?', [
        change.bump,
        change.nextVersion,
        change.tag,
        at,
        id,
      ]);
      // People approved a version, not a repository: another version starts the count again.
      const voided = await sql.run('UPDATE approvals SET voided_at = ? WHERE release_id = ? AND voided_at IS NULL', [at, id]);
      await this.audit(sql).append(releaseBumpChanged(release, user, change, voided));
      return this.getOn(sql, id);
    });
  }

  /** Moves a release one step, recording the step's result in the same transaction. Refuses to move from a status other than `from`. */
  async advance(id: number, from: ReleaseStatus, to: ReleaseStatus, actor: string, reason: string, result: StepResult = {}): Promise<Release | undefined> {
    assertReleaseMove(from, to);
    return this.sql.atomic(async (sql) => {
      const release = await locked(sql, id);
      if (!release || release.status !== from) return undefined;
      return this.setStatus(sql, release, to, actor, reason, result);
    });
  }

  /** failed → approved, unless another release of the repo is in flight (then nothing changes, and it says which). */
  retry(id: number, user: string): Promise<RetryOutcome> {
    return this.sql.atomic(async (sql): Promise<RetryOutcome> => {
      const release = await locked(sql, id);
      if (!release) return { kind: 'unknown' };
      if (release.status !== 'failed') return { kind: 'not-failed', release };
      const inFlight = await inFlightOf(sql, release.repo);
      if (inFlight) return { kind: 'busy', inFlight };
      return { kind: 'retried', release: await this.setStatus(sql, release, 'approved', user, RELEASE_REASONS.retried, {}) };
    });
  }

  /** Every write of a status comes through here, and only along a move the release machine allows. */
  private async setStatus(sql: PgSql, release: Release, to: ReleaseStatus, actor: string, reason: string, result: StepResult): Promise<Release> {
    assertReleaseMove(release.status, to);
    const changed = await sql.run(
      `UPDATE releases SET status = ?, updated_at = ?,
         tag_object_sha = COALESCE(?, tag_object_sha), release_id = COALESCE(?::bigint, release_id), release_url = COALESCE(?, release_url),
         error = CASE WHEN ?::boolean THEN NULL ELSE COALESCE(?, error) END, approved_by = COALESCE(?, approved_by)
       WHERE id = ? AND status = ?`,
      [
        to,
        this.now().toISOString(),
        result.tagObjectSha ?? null,
        result.releaseId ?? null,
        result.releaseUrl ?? null,
        to === 'approved',
        result.error ?? null,
        result.approvedBy ?? null,
        release.id,
        release.status,
      ],
    );
    // Every caller read the row FOR UPDATE: it cannot have moved since.
    if (changed !== 1) throw new Error(`release ${release.id} is no longer ${release.status}`);
    await this.audit(sql).append(releaseMoved(release, to, actor, reason));
    return (await this.getOn(sql, release.id))!;
  }

  private audit(sql: PgSql): PgAuditLog {
    return new PgAuditLog(sql, this.now);
  }

  private async getOn(sql: PgSql, id: number): Promise<Release | undefined> {
    return loadRelease(sql, await sql.get<ReleaseRow>('SELECT * FROM releases WHERE id = ?', [id]));
  }
}

/**
 * The release, its row locked until the transaction ends, under its repo's lock taken first: the
 * order every method takes them in, so that two units of work never wait for each other's.
 */
async function locked(sql: PgSql, id: number): Promise<Release | undefined> {
  const row = await sql.get<{ repo: string }>('SELECT repo FROM releases WHERE id = ?', [id]);
  if (!row) return undefined;
  await lockRepo(sql, row.repo);
  return loadRelease(sql, await sql.get<ReleaseRow>('SELECT * FROM releases WHERE id = ? FOR UPDATE', [id]));
}

async function inFlightOf(sql: PgSql, repo: string): Promise<Release | undefined> {
  return loadRelease(sql, await sql.get<ReleaseRow>(`SELECT * FROM releases WHERE repo = ? AND status IN (${IN_FLIGHT_SQL}) LIMIT 1`, [repo]));
}

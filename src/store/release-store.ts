import type { Db } from './open-database.js';
import type { Release, NewRelease, ReleaseChecks } from '../domain/release.js';
import type { ReleaseStatus } from '../domain/release-status.js';
import type { Bump } from '../domain/bump.js';
import { tallyApprovals, type Approval } from '../domain/approval-policy.js';
import { approvalCounted, approvedReason } from './approval-audit.js';
import { assertReleaseMove } from './assert-move.js';
import { checksChanged, RELEASE_REASONS, releaseBumpChanged, releaseBypassed, releaseChecksRead, releaseMoved, releaseProposed } from './release-audit.js';
import { IN_FLIGHT_SQL, MADE_SQL } from './release-status-sql.js';
import type { AuditLog } from './audit-log.js';
import type { Freeze } from '../domain/freeze-window.js';
import type { Bypass, Gate } from '../domain/bypass.js';
import { newReleaseColumns, toRelease, type ReleaseRow } from './release-row.js';
import type { ApproveOutcome, RetryOutcome, StepResult } from '../workflows/ports/release-records.js';
import { columnList } from './column-list.js';

export type { ApproveOutcome, RetryOutcome, StepResult };

export class ReleaseStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  get(id: number): Release | undefined {
    const row = this.db.prepare('SELECT * FROM releases WHERE id = ?').get(id) as ReleaseRow | undefined;
    return row && this.toRelease(row);
  }

  /** A row with the approvals that count (not voided by a change of bump), oldest first. */
  private toRelease(row: ReleaseRow): Release {
    const approvals = this.db.prepare('SELECT user, at FROM approvals WHERE release_id = ? AND voided_at IS NULL ORDER BY id').all(row.id) as Approval[];
    const bypasses = (
      this.db.prepare('SELECT by, reason, what, at FROM bypasses WHERE release_id = ? ORDER BY id').all(row.id) as (Omit<Bypass, 'what'> & { what: string })[]
    ).map((b) => ({ ...b, what: b.what.split(',') as Gate[] }));
    return toRelease(row, approvals, bypasses);
  }

  /** Inserts a proposal; older open proposals of the same repo are superseded (cancelled), so only the newest can be approved. */
  propose(input: NewRelease, actor: string): { release: Release; superseded: Release[] } {
    return this.db.transaction(() => {
      const at = this.now().toISOString();
      const open =
        input.batchId === null
          ? (this.db.prepare("SELECT * FROM releases WHERE repo = ? AND status = 'proposed' AND batch_id IS NULL").all(input.repo) as ReleaseRow[]).map((r) =>
              this.toRelease(r),
            )
          : [];
      for (const old of open) this.setStatus(old, 'cancelled', actor, RELEASE_REASONS.superseded, {});
      const columns = columnList(newReleaseColumns(input));
      const info = this.db
        .prepare(`INSERT INTO releases (status, ${columns.names}, created_at, updated_at) VALUES ('proposed', ${columns.placeholders}, ?, ?)`)
        .run(...columns.values, at, at);
      const id = Number(info.lastInsertRowid);
      this.audit.append(releaseProposed(id, input, actor));
      return { release: this.get(id)!, superseded: open.map((o) => this.get(o.id)!) };
    })();
  }

  setReported(id: number, status: ReleaseStatus): void {
    this.db.prepare('UPDATE releases SET reported_status = ? WHERE id = ?').run(status, id);
  }

  /**
   * The checks as just read and the gate's verdict on them; the audit log keeps the gate's first
   * reading and each change after it (a poll that finds the same changes nothing but the row).
   */
  recordChecks(id: number, checks: ReleaseChecks, actor: string, reason: string): Release | undefined {
    return this.db.transaction(() => {
      const release = this.get(id);
      if (!release) return undefined;
      const before = release.checks;
      this.db.prepare('UPDATE releases SET checks = ? WHERE id = ?').run(JSON.stringify(checks), id);
      if (checksChanged(before, checks)) this.audit.append(releaseChecksRead(release, checks, actor, reason));
      return this.get(id);
    })();
  }

  setMessage(id: number, messageTs: string): void {
    this.db.prepare('UPDATE releases SET message_ts = ?, updated_at = ? WHERE id = ?').run(messageTs, this.now().toISOString(), id);
  }

  /**
   * Records `user`'s approval; the one that makes the policy's N-th distinct approval moves the
   * proposal to approved, unless another release of the repo is in flight (then nothing is
   * recorded). A second approval by the same person changes nothing.
   */
  approve(id: number, user: string): ApproveOutcome {
    return this.db.transaction((): ApproveOutcome => {
      const release = this.get(id);
      if (!release) return { kind: 'unknown' };
      if (release.status !== 'proposed') return { kind: 'not-proposed', release };
      if (release.approvals.some((a) => a.user === user)) return { kind: 'already', release };
      const tally = tallyApprovals([...release.approvals, { user }], release.policy?.requiredApprovals ?? 1);
      if (tally.complete) {
        const inFlight = this.db.prepare(`SELECT * FROM releases WHERE repo = ? AND status IN (${IN_FLIGHT_SQL})`).get(release.repo) as ReleaseRow | undefined;
        if (inFlight) return { kind: 'busy', inFlight: this.toRelease(inFlight) };
      }
      this.db.prepare('INSERT INTO approvals (release_id, user, at) VALUES (?, ?, ?)').run(id, user, this.now().toISOString());
      if (!tally.complete) {
        this.audit.append(approvalCounted('release', id, user, tally));
        return { kind: 'counted', release: this.get(id)! };
      }
      return { kind: 'approved', release: this.setStatus(release, 'approved', user, approvedReason(tally), { approvedBy: user }) };
    })();
  }

  /** The freeze a proposal is shown under, or that holds an approved release; null lifts it. */
  setFrozen(id: number, freeze: Freeze | null): Release | undefined {
    this.db.prepare('UPDATE releases SET frozen = ? WHERE id = ?').run(freeze === null ? null : JSON.stringify(freeze), id);
    return this.get(id);
  }

  /** Break-glass: `by` released it past `what`, because `reason`; audited in the same transaction. */
  bypass(id: number, b: { by: string; reason: string; what: Gate[] }): Release | undefined {
    return this.db.transaction(() => {
      const release = this.get(id);
      if (!release) return undefined;
      this.db
        .prepare('INSERT INTO bypasses (release_id, by, reason, what, at) VALUES (?, ?, ?, ?, ?)')
        .run(id, b.by, b.reason, b.what.join(','), this.now().toISOString());
      this.audit.append(releaseBypassed(release, b));
      return this.get(id);
    })();
  }

  /** Releases a freeze may hold or show on: open proposals of their own, and approved releases (trains' included). */
  freezable(): Release[] {
    return (
      this.db
        .prepare("SELECT * FROM releases WHERE (status = 'proposed' AND batch_id IS NULL) OR status = 'approved' OR frozen IS NOT NULL ORDER BY id")
        .all() as ReleaseRow[]
    ).map((r) => this.toRelease(r));
  }

  /**
   * Open proposals of their own (not in a train) made under a policy with `expireAfter`: those
   * that may expire. Filtered in SQL: the expiry sweep runs whenever a message is owed, and a
   * flood of proposals under no expiry must not be read back each time.
   */
  openUnderPolicy(): Release[] {
    return (
      this.db
        .prepare("SELECT * FROM releases WHERE status = 'proposed' AND batch_id IS NULL AND json_extract(policy, '$.expireAfter') IS NOT NULL ORDER BY id")
        .all() as ReleaseRow[]
    ).map((r) => this.toRelease(r));
  }

  changeBump(id: number, user: string, change: { bump: Bump; nextVersion: string; tag: string }): Release | undefined {
    return this.db.transaction(() => {
      const release = this.get(id);
      if (release?.status !== 'proposed') return undefined;
      const at = this.now().toISOString();
      this.db
        .prepare('UPDATE releases SET bump = ?, next_version = ?, tag = ?, updated_at = ? WHERE id = ?')
        .run(change.bump, change.nextVersion, change.tag, at, id);
      // People approved a version, not a repository: another version starts the count again.
      const voided = this.db.prepare('UPDATE approvals SET voided_at = ? WHERE release_id = ? AND voided_at IS NULL').run(at, id).changes;
      this.audit.append(releaseBumpChanged(release, user, change, voided));
      return this.get(id);
    })();
  }

  /** Moves a release one step, recording the step's result in the same transaction. Refuses to move from a status other than `from`. */
  advance(id: number, from: ReleaseStatus, to: ReleaseStatus, actor: string, reason: string, result: StepResult = {}): Release | undefined {
    assertReleaseMove(from, to);
    return this.db.transaction(() => {
      const release = this.get(id);
      if (!release || release.status !== from) return undefined;
      return this.setStatus(release, to, actor, reason, result);
    })();
  }

  /** failed → approved, unless another release of the repo is in flight (then nothing changes, and it says which). */
  retry(id: number, user: string): RetryOutcome {
    return this.db.transaction((): RetryOutcome => {
      const release = this.get(id);
      if (!release) return { kind: 'unknown' };
      if (release.status !== 'failed') return { kind: 'not-failed', release };
      const inFlight = this.db.prepare(`SELECT * FROM releases WHERE repo = ? AND status IN (${IN_FLIGHT_SQL})`).get(release.repo) as ReleaseRow | undefined;
      if (inFlight) return { kind: 'busy', inFlight: this.toRelease(inFlight) };
      return { kind: 'retried', release: this.setStatus(release, 'approved', user, RELEASE_REASONS.retried, {}) };
    })();
  }

  /** The newest release the bot made (approved or further) with this tag: a rollout of that version is told in its thread. */
  findByTag(repo: string, tag: string): Release | undefined {
    const row = this.db.prepare(`SELECT * FROM releases WHERE repo = ? AND tag = ? AND status IN (${MADE_SQL}) ORDER BY id DESC LIMIT 1`).get(repo, tag) as
      | ReleaseRow
      | undefined;
    return row && this.toRelease(row);
  }

  openProposal(repo: string, sha: string): Release | undefined {
    const row = this.db.prepare("SELECT * FROM releases WHERE repo = ? AND sha = ? AND status = 'proposed' ORDER BY id DESC LIMIT 1").get(repo, sha) as
      | ReleaseRow
      | undefined;
    return row && this.toRelease(row);
  }

  standingRelease(repo: string, sha: string): Release | undefined {
    const row = this.db
      .prepare("SELECT * FROM releases WHERE repo = ? AND sha = ? AND status NOT IN ('skipped', 'cancelled', 'expired') ORDER BY id DESC LIMIT 1")
      .get(repo, sha) as ReleaseRow | undefined;
    return row && this.toRelease(row);
  }

  unfinished(): Release[] {
    return (this.db.prepare(`SELECT * FROM releases WHERE status IN (${IN_FLIGHT_SQL}) ORDER BY id`).all() as ReleaseRow[]).map((r) => this.toRelease(r));
  }

  /** Proposals whose Slack message was never posted (the bot stopped in between). */
  unposted(): Release[] {
    return (
      this.db.prepare("SELECT * FROM releases WHERE status = 'proposed' AND message_ts IS NULL AND trigger != 'batch' ORDER BY id").all() as ReleaseRow[]
    ).map((r) => this.toRelease(r));
  }

  inBatch(batchId: number): Release[] {
    return (this.db.prepare('SELECT * FROM releases WHERE batch_id = ? ORDER BY repo').all(batchId) as ReleaseRow[]).map((r) => this.toRelease(r));
  }

  history(repo: string, limit = 10): Release[] {
    return (
      this.db.prepare(`SELECT * FROM releases WHERE repo = ? AND status IN (${MADE_SQL},'failed') ORDER BY id DESC LIMIT ?`).all(repo, limit) as ReleaseRow[]
    ).map((r) => this.toRelease(r));
  }

  /** Every write of a status comes through here, and only along a move the release machine allows. */
  private setStatus(release: Release, to: ReleaseStatus, actor: string, reason: string, result: StepResult): Release {
    assertReleaseMove(release.status, to);
    const at = this.now().toISOString();
    this.db
      .prepare(
        `UPDATE releases SET status = ?, updated_at = ?,
           tag_object_sha = COALESCE(?, tag_object_sha), release_id = COALESCE(?, release_id), release_url = COALESCE(?, release_url),
           error = CASE WHEN ? = 'approved' THEN NULL ELSE COALESCE(?, error) END, approved_by = COALESCE(?, approved_by)
         WHERE id = ?`,
      )
      .run(
        to,
        at,
        result.tagObjectSha ?? null,
        result.releaseId ?? null,
        result.releaseUrl ?? null,
        to,
        result.error ?? null,
        result.approvedBy ?? null,
        release.id,
      );
    this.audit.append(releaseMoved(release, to, actor, reason));
    return this.get(release.id)!;
  }
}

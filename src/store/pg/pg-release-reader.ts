import type { Release } from '../../domain/release.js';
import type { ReleaseReader } from '../../workflows/ports/release-records.js';
import type { ReleaseRow } from '../release-row.js';
import { IN_FLIGHT_SQL, MADE_SQL } from '../release-status-sql.js';
import { loadRelease, loadReleases } from './pg-load-releases.js';
import type { PgSql } from './pg-sql.js';

/** Reading releases on PostgreSQL, query for query as the SQLite store reads them. */
export class PgReleaseReader implements ReleaseReader {
  constructor(protected readonly sql: PgSql) {}

  async get(id: number): Promise<Release | undefined> {
    return loadRelease(this.sql, await this.sql.get<ReleaseRow>('SELECT * FROM releases WHERE id = ?', [id]));
  }

  /** The newest release the bot made (approved or further) with this tag: a rollout of that version is told in its thread. */
  findByTag(repo: string, tag: string): Promise<Release | undefined> {
    return this.one(`SELECT * FROM releases WHERE repo = ? AND tag = ? AND status IN (${MADE_SQL}) ORDER BY id DESC LIMIT 1`, [repo, tag]);
  }

  openProposal(repo: string, sha: string): Promise<Release | undefined> {
    return this.one("SELECT * FROM releases WHERE repo = ? AND sha = ? AND status = 'proposed' ORDER BY id DESC LIMIT 1", [repo, sha]);
  }

  standingRelease(repo: string, sha: string): Promise<Release | undefined> {
    return this.one("SELECT * FROM releases WHERE repo = ? AND sha = ? AND status NOT IN ('skipped', 'cancelled', 'expired') ORDER BY id DESC LIMIT 1", [
      repo,
      sha,
    ]);
  }

  unfinished(): Promise<Release[]> {
    return this.list(`SELECT * FROM releases WHERE status IN (${IN_FLIGHT_SQL}) ORDER BY id`);
  }

  /** Proposals whose Slack message was never posted (the bot stopped in between). */
  unposted(): Promise<Release[]> {
    return this.list("SELECT * FROM releases WHERE status = 'proposed' AND message_ts IS NULL AND trigger != 'batch' ORDER BY id");
  }

  inBatch(batchId: number): Promise<Release[]> {
    // Byte order, as SQLite sorts text: the database's collation may sort 'a-b' and 'A' otherwise.
    return this.list('SELECT * FROM releases WHERE batch_id = ? ORDER BY repo COLLATE "C"', [batchId]);
  }

  history(repo: string, limit = 10): Promise<Release[]> {
    return this.list(`SELECT * FROM releases WHERE repo = ? AND status IN (${MADE_SQL},'failed') ORDER BY id DESC LIMIT ?`, [repo, limit]);
  }

  /**
   * Open proposals of their own (not in a train) made under a policy with `expireAfter`: those
   * that may expire. Filtered in SQL: the expiry sweep runs whenever a message is owed, and a
   * flood of proposals under no expiry must not be read back each time.
   */
  openUnderPolicy(): Promise<Release[]> {
    return this.list("SELECT * FROM releases WHERE status = 'proposed' AND batch_id IS NULL AND (policy::json ->> 'expireAfter') IS NOT NULL ORDER BY id");
  }

  /** Releases a freeze may hold or show on: open proposals of their own, and approved releases (trains' included). */
  freezable(): Promise<Release[]> {
    return this.list("SELECT * FROM releases WHERE (status = 'proposed' AND batch_id IS NULL) OR status = 'approved' OR frozen IS NOT NULL ORDER BY id");
  }

  private async one(text: string, params: (string | number)[]): Promise<Release | undefined> {
    return loadRelease(this.sql, await this.sql.get<ReleaseRow>(text, params));
  }

  private async list(text: string, params: (string | number)[] = []): Promise<Release[]> {
    return loadReleases(this.sql, await this.sql.all<ReleaseRow>(text, params));
  }
}

import type { Approval } from '../../domain/approval-policy.js';
import type { Bypass, Gate } from '../../domain/bypass.js';
import type { Release } from '../../domain/release.js';
import { toRelease, type ReleaseRow } from '../release-row.js';
import type { PgSql } from './pg-sql.js';

/**
 * Rows of `releases` as releases: each with the approvals that count (not voided by a change of
 * bump) and its bypasses, oldest first. Two queries for the lot, however many rows.
 */
export async function loadReleases(sql: PgSql, rows: readonly ReleaseRow[]): Promise<Release[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id).join(',');
  const approvals = await sql.all<Approval & { release_id: number }>(
    `SELECT release_id, "user", at FROM approvals WHERE release_id = ANY(string_to_array(?, ',')::int[]) AND voided_at IS NULL ORDER BY id`,
    [ids],
  );
  const bypasses = await sql.all<Omit<Bypass, 'what'> & { what: string; release_id: number }>(
    `SELECT release_id, "by", reason, what, at FROM bypasses WHERE release_id = ANY(string_to_array(?, ',')::int[]) ORDER BY id`,
    [ids],
  );
  return rows.map((row) =>
    toRelease(
      row,
      approvals.filter((a) => a.release_id === row.id).map((a) => ({ user: a.user, at: a.at })),
      bypasses.filter((b) => b.release_id === row.id).map((b) => ({ by: b.by, reason: b.reason, what: b.what.split(',') as Gate[], at: b.at })),
    ),
  );
}

/** One row, or none, as a release. */
export async function loadRelease(sql: PgSql, row: ReleaseRow | undefined): Promise<Release | undefined> {
  return row && (await loadReleases(sql, [row]))[0];
}

import type { PgSql } from './pg-sql.js';

/** Namespaces of transaction-scoped advisory locks (the migration lock is a single bigint key, apart from these). */
const CONNECTOR = 7310;
const REPO = 7311;

/**
 * Holds, until the transaction ends, the right to move a connector's rollouts into `deploying`:
 * replicas starting rollouts of one connector take turns, and the one that comes second sees the
 * first's rollout in flight (a `busy` outcome) instead of the unique index's error, which would
 * abort its whole transaction.
 */
export async function lockConnector(sql: PgSql, connectorId: string): Promise<void> {
  await sql.get('SELECT pg_advisory_xact_lock(?, hashtext(?))', [CONNECTOR, connectorId]);
}

/** The same for the releases of one repository moving in flight (one at a time per repository). */
export async function lockRepo(sql: PgSql, repo: string): Promise<void> {
  await sql.get('SELECT pg_advisory_xact_lock(?, hashtext(?))', [REPO, repo]);
}

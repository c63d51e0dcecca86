import type { Config } from '../config.js';
import { openSqliteDatabase, type Database } from './database.js';
import { openPgDatabase } from './pg/pg-database.js';

/** The password of a DATABASE_URL, to hide from every log line. */
export function databasePassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * SQLite at DATABASE_PATH, or PostgreSQL at DATABASE_URL (several replicas): migrated, with claims
 * and the shared GitHub write budget on PostgreSQL. `onLost`: the claims' connection was lost.
 */
export async function openBotDatabase(
  config: Pick<Config, 'databaseUrl' | 'databasePath' | 'github' | 'githubHourMs'>,
  replicaId: string,
  onLost: (error: Error) => void,
): Promise<Database & { writeBudget?: { acquire(): Promise<() => void> } }> {
  if (!config.databaseUrl) return openSqliteDatabase(config.databasePath);
  return openPgDatabase(config.databaseUrl, {
    replicaId,
    onLost,
    writeWindows: [
      { max: config.github.writesPerMinute, windowMs: 60_000 },
      { max: config.github.writesPerHour, windowMs: config.githubHourMs },
    ],
  });
}

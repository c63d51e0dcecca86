import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { reuseStatements } from './reuse-statements.js';

export type Db = Database.Database;

/** The one place the pragmas are set: WAL for crash safety and concurrent reads, foreign keys on, and a busy timeout. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  reuseStatements(db);
  return db;
}

import { asyncRecords } from '../../../src/store/async-records.js';
import { openStore, type Store } from '../../../src/store/store.js';
import type { Records } from '../../../src/workflows/ports/records.js';

/**
 * The real store on an in-memory SQLite database, through the async port the use cases take:
 * the real migrations and state machines, in milliseconds. `sync` is the same database, to seed
 * rows and to assert on what was recorded and owed.
 */
export function memoryRecords(now: () => Date): { records: Records; sync: Store } {
  const sync = openStore(':memory:', now);
  return { records: asyncRecords(sync), sync };
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { asyncRecords } from '../../src/store/async-records.js';
import { seedHistory } from '../../src/sandbox/seed-history.js';
import { sendWeeklyDigest } from '../../src/workflows/weekly-digest.js';
import { DigestScheduler } from '../../src/workflows/digest-scheduler.js';
import { BackgroundWork } from '../../src/workflows/supervise.js';
import { makeDeps, RELEASE_CHANNEL, TEST_YAML, type TestDeps } from './fakes/make-deps.js';
import { said } from './fakes/recording-narrator.js';
import { TestClock } from './fakes/test-clock.js';

const YAML = `${TEST_YAML}digest: { weekly: "mon 09:00", timezone: Europe/Berlin }\n`;
// Monday 30 March 2026, 09:00 in Berlin (summer time, UTC+2)
const MONDAY_0900 = '2026-03-30T07:00:00.000Z';

/** A bot (or a replica) on the database file they share, with its own connection and the shared clock. */
function replica(file: string, clock: TestClock): TestDeps & { sync: Store } {
  const deps = makeDeps({ yaml: YAML });
  const sync = openStore(file, clock.now);
  return { ...deps, store: asyncRecords(sync), sync, clock };
}

const digests = (sync: Store) => sync.outbox.pending().filter((r) => r.lane.startsWith('digest:'));

describe('the weekly digest', () => {
  it('is owed once at the scheduled minute, though two replicas and a restart look', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'digest-')), 'bot.db');
    const clock = new TestClock('2026-03-30T06:59:00.000Z');
    const a = replica(file, clock);
    const b = replica(file, clock);
    let t = clock.now();
    const seeding = openStore(file, () => t);
    seedHistory(seeding, (at) => (t = at), new Date(MONDAY_0900));
    seeding.close();

    expect(await sendWeeklyDigest(a, clock.now())).toEqual({ kind: 'not-due' });
    clock.tick(60_000);
    // one after the other: better-sqlite3 is synchronous, so two connections in one process cannot
    // hold transactions at once (two processes wait on each other's BEGIN IMMEDIATE instead)
    expect(await sendWeeklyDigest(a, clock.now())).toEqual({ kind: 'owed', week: '2026-W14' });
    expect(await sendWeeklyDigest(b, clock.now())).toEqual({ kind: 'sent-before', week: '2026-W14' });
    a.sync.close();
    const restarted = replica(file, clock);
    expect(await sendWeeklyDigest(restarted, clock.now())).toEqual({ kind: 'sent-before', week: '2026-W14' });

    const rows = digests(restarted.sync);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: RELEASE_CHANNEL, kind: 'post' });
    // the last 7 days of the sandbox history: widget 1.1.1 and connector-hubspot 0.9.0
    expect(said(rows[0]!.message)).toEqual({ method: 'digest', week: '2026-W14', releases: 2, drifting: 0 });

    clock.tick(7 * 86_400_000);
    expect(await sendWeeklyDigest(restarted, clock.now())).toEqual({ kind: 'owed', week: '2026-W15' });
    expect(digests(restarted.sync)).toHaveLength(2);
  });

  it('is off without a digest: section', async () => {
    expect(await sendWeeklyDigest(makeDeps(), new Date(MONDAY_0900))).toEqual({ kind: 'off' });
  });

  it('says nothing was released yet rather than zeros, and is sent late by a bot that was down at the minute', async () => {
    const deps = makeDeps({ yaml: YAML });
    expect(await sendWeeklyDigest(deps, new Date('2026-04-01T12:00:00Z'))).toEqual({ kind: 'owed', week: '2026-W14' });
    expect(said(digests(deps.sync)[0]!.message)).toMatchObject({ releases: null });
  });

  it('runs on the scheduler’s clock, supervised', async () => {
    const deps = makeDeps({ yaml: YAML });
    const clock = new TestClock('2026-03-30T06:58:00.000Z');
    const scheduler = new DigestScheduler(deps, new BackgroundWork(deps.logger), clock.now);
    expect(await scheduler.tick()).toEqual({ kind: 'not-due' });
    clock.tick(120_000);
    expect(await scheduler.tick()).toEqual({ kind: 'owed', week: '2026-W14' });
    expect(await scheduler.tick()).toEqual({ kind: 'sent-before', week: '2026-W14' });
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { migrate, readMigrations } from '../../src/store/migrate.js';
import { newRelease } from './new-release.js';

const dbPath = () => join(mkdtempSync(join(tmpdir(), 'store-')), 'nested', 'bot.db');

describe('store', () => {
  it('applies the migrations once, in WAL mode, and records them', () => {
    const path = dbPath();
    const db = openDatabase(path);
    expect(migrate(db).applied).toEqual(readMigrations().map((m) => m.name));
    expect(migrate(db).applied).toEqual([]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a database migrated by a newer bot', () => {
    const path = dbPath();
    const db = openDatabase(path);
    migrate(db);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 'now')").run();
    expect(() => migrate(db)).toThrow(/newer release-bot/);
    db.close();
  });

  it('keeps the audit log append-only', () => {
    const path = dbPath();
    const store = openStore(path);
    store.audit.append({ actor: 'U1', subjectType: 'release', subjectId: '1', action: 'approve', fromStatus: 'proposed', toStatus: 'approved', reason: null });
    const db = openDatabase(path);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/append-only/);
    db.close();
    store.close();
  });

  it('deduplicates deliveries by id', () => {
    const store = openStore(dbPath());
    expect(store.deliveries.insert({ id: 'd1', source: 'github', event: 'push', payload: '{}' })).toBe(true);
    expect(store.deliveries.insert({ id: 'd1', source: 'github', event: 'push', payload: '{}' })).toBe(false);
    expect(store.deliveries.pending().map((d) => d.id)).toEqual(['d1']);
    store.deliveries.finish('d1', 'skipped', 'tag-push');
    expect(store.deliveries.pending()).toEqual([]);
    store.close();
  });

  it('stores a delivery once: a redelivery is reported as not new and changes nothing stored, even after it was handled', () => {
    const store = openStore(dbPath());
    expect(store.deliveries.insert({ id: 'd1', source: 'github', event: 'push', payload: '{"n":1}' })).toBe(true);
    expect(store.deliveries.insert({ id: 'd2', source: 'github', event: 'push', payload: '{"n":2}' })).toBe(true);
    expect(store.deliveries.insert({ id: 'd1', source: 'github', event: 'ping', payload: '{"n":3}' })).toBe(false);
    expect(store.deliveries.pending().map((d) => [d.id, d.event, d.payload])).toEqual([
      ['d1', 'push', '{"n":1}'],
      ['d2', 'push', '{"n":2}'],
    ]);
    store.deliveries.finish('d1', 'processed', 'proposed v1.0.1 (release 1)');
    expect(store.deliveries.insert({ id: 'd1', source: 'github', event: 'push', payload: '{"n":1}' })).toBe(false);
    expect(store.deliveries.get('d1')).toMatchObject({ status: 'processed', outcome: 'proposed v1.0.1 (release 1)', payload: '{"n":1}' });
    expect(store.deliveries.count()).toBe(2);
    store.close();
  });

  it('approves a proposal once, allows one release in flight per repo, and supersedes older proposals', () => {
    const store = openStore(dbPath());
    const first = store.releases.propose(newRelease(), 'github').release;
    const second = store.releases.propose(newRelease({ sha: 'b'.repeat(40) }), 'github');
    expect(second.superseded.map((r) => r.id)).toEqual([first.id]);
    expect(store.releases.get(first.id)!.status).toBe('cancelled');
    expect(store.releases.approve(first.id, 'U1').kind).toBe('not-proposed');
    expect(store.releases.approve(second.release.id, 'U1').kind).toBe('approved');
    expect(store.releases.approve(second.release.id, 'U2').kind).toBe('not-proposed');
    const third = store.releases.propose(newRelease({ sha: 'c'.repeat(40) }), 'github').release;
    expect(store.releases.approve(third.id, 'U1')).toMatchObject({ kind: 'busy' });
    expect(store.releases.advance(second.release.id, 'tagged', 'published', 'bot', 'wrong from')).toBeUndefined();
    expect(() => store.releases.advance(second.release.id, 'approved', 'notified', 'bot', 'skips steps')).toThrow(/cannot go from approved to notified/);
    expect(store.releases.advance(second.release.id, 'approved', 'tagged', 'bot', 'ok', { tagObjectSha: 'f'.repeat(40) })!.tagObjectSha).toBe('f'.repeat(40));
    expect(store.releases.unfinished().map((r) => r.id)).toEqual([second.release.id]);
    store.close();
  });
});

describe('store: proposals that may expire', () => {
  it('reads back only open proposals of their own whose policy has expireAfter', () => {
    const store = openStore(':memory:');
    const base = { approvers: null, requiredApprovals: 1, selfApproval: true, expireAfter: null };
    const never = store.releases.propose(newRelease({ repo: 'a', policy: base }), 'test').release;
    const expiring = store.releases.propose(newRelease({ repo: 'b', policy: { ...base, expireAfter: { text: '24h', ms: 86_400_000 } } }), 'test').release;
    store.releases.propose(newRelease({ repo: 'c' }), 'test');
    expect(never.policy).toMatchObject({ requiredApprovals: 1 });
    expect(store.releases.openUnderPolicy().map((r) => r.id)).toEqual([expiring.id]);
  });
});

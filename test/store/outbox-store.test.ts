import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { newRelease } from './new-release.js';

const open = (now = () => new Date('2026-01-01T00:00:00Z')) => openStore(join(mkdtempSync(join(tmpdir(), 'outbox-')), 'bot.db'), now);

describe('outbox store', () => {
  it('owes a keyed message once, however often it is owed', () => {
    const store = open();
    const m = { key: 'release:1:proposal', lane: 'release:1', kind: 'post' as const, channel: 'C1', message: { text: 'hi' } };
    store.outbox.owe(m);
    store.outbox.owe(m);
    expect(store.outbox.pending()).toHaveLength(1);
  });

  it('folds a pending update of the same message into one, with the newest content', () => {
    const store = open();
    const update = (text: string) => store.outbox.owe({ lane: 'release:1', kind: 'update', channel: 'C1', refKey: 'release:1:proposal', message: { text } });
    const first = update('v1');
    expect(update('v2')).toBe(first);
    const [row] = store.outbox.pending();
    expect(row).toMatchObject({ message: { text: 'v2' }, revision: 1 });
  });

  it('records the ts where it belongs when sent, and keeps an update whose content changed meanwhile pending', () => {
    const store = open();
    const { release } = store.releases.propose(newRelease(), 'github');
    store.outbox.owe({
      key: `release:${release.id}:proposal`,
      lane: 'release:1',
      kind: 'post',
      channel: 'C1',
      message: { text: 'p' },
      records: { table: 'releases', id: release.id },
    });
    const [post] = store.outbox.pending();
    store.outbox.beginAttempt(post!.id);
    expect(store.outbox.pending()[0]!.inDoubt).toBe(true);
    store.outbox.markSent(post!.id, post!.revision, '111.000');
    expect(store.releases.get(release.id)!.messageTs).toBe('111.000');
    expect(store.outbox.refOf(`release:${release.id}:proposal`)).toEqual({ ts: '111.000' });

    store.outbox.owe({ lane: 'release:1', kind: 'update', channel: 'C1', refTs: '111.000', message: { text: 'v1' } });
    const [update] = store.outbox.pending();
    store.outbox.owe({ lane: 'release:1', kind: 'update', channel: 'C1', refTs: '111.000', message: { text: 'v2' } });
    store.outbox.markSent(update!.id, update!.revision, '111.000');
    expect(store.outbox.pending()).toMatchObject([{ message: { text: 'v2' } }]);
  });

  it('writes a message and the move that owes it together, or neither', () => {
    const store = open();
    expect(() =>
      store.atomically(() => {
        store.outbox.owe({ lane: 'x', kind: 'post', channel: 'C1', message: { text: 'lost with the move' } });
        throw new Error('the move failed');
      }),
    ).toThrow('the move failed');
    expect(store.outbox.pending()).toEqual([]);
  });

  it('reports the backlog: pending rows, the age of the oldest, and failed ones', () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const store = open(() => now);
    store.outbox.owe({ lane: 'a', kind: 'post', channel: 'C1', message: { text: '1' } });
    now = new Date('2026-01-01T00:00:30Z');
    store.outbox.owe({ lane: 'b', kind: 'post', channel: 'C1', message: { text: '2' } });
    store.outbox.markFailed(store.outbox.pending()[1]!.id, 'invalid_blocks');
    expect(store.outbox.backlog()).toEqual({ pending: 1, oldestAgeSeconds: 30, failed: 1 });
    expect(store.writable()).toBe(true);
  });
});

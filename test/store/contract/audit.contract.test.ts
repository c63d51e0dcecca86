import { expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/workflows/ports/audit-trail.js';
import { bothStores } from './backends.js';
import { readAudit } from './read-audit.js';

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  actor: 'U1',
  subjectType: 'release',
  subjectId: '1',
  action: 'approve',
  fromStatus: 'proposed',
  toStatus: 'approved',
  reason: 'approved in Slack',
  ...over,
});

bothStores('audit trail', (fresh) => {
  it('keeps every field of an entry, stamped with the clock, ids from 1 in the order written', async () => {
    const { records, clock } = await fresh();
    await records.audit.append(entry());
    clock.at = new Date('2026-06-01T10:05:00Z');
    await records.audit.append(entry({ actor: 'bot', action: 'tag', fromStatus: null, toStatus: null, reason: null }));
    expect(await readAudit(records).entries()).toEqual([
      { id: 1, at: '2026-06-01T10:00:00.000Z', ...entry() },
      { id: 2, at: '2026-06-01T10:05:00.000Z', ...entry({ actor: 'bot', action: 'tag', fromStatus: null, toStatus: null, reason: null }) },
    ]);
  });

  it('filters the entries by subject type, by subject id, or both', async () => {
    const { records } = await fresh();
    await records.audit.append(entry({ subjectId: '1', action: 'a' }));
    await records.audit.append(entry({ subjectType: 'batch', subjectId: '1', action: 'b' }));
    await records.audit.append(entry({ subjectId: '2', action: 'c' }));
    const audit = readAudit(records);
    expect((await audit.entries({ subjectType: 'release' })).map((e) => e.action)).toEqual(['a', 'c']);
    expect((await audit.entries({ subjectId: '1' })).map((e) => e.action)).toEqual(['a', 'b']);
    expect((await audit.entries({ subjectType: 'release', subjectId: '1' })).map((e) => e.action)).toEqual(['a']);
    expect(await audit.entries({ subjectType: 'rollout' })).toEqual([]);
  });

  it('reads the entries after an id, oldest first, at most the limit; the last id is 0 for none', async () => {
    const { records } = await fresh();
    const audit = readAudit(records);
    expect(await audit.lastId()).toBe(0);
    expect(await audit.after(0)).toEqual([]);
    for (const action of ['a', 'b', 'c', 'd']) await records.audit.append(entry({ action }));
    expect(await audit.lastId()).toBe(4);
    expect((await audit.after(1)).map((e) => [e.id, e.action])).toEqual([
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
    expect((await audit.after(1, 2)).map((e) => e.action)).toEqual(['b', 'c']);
    expect(await audit.after(4)).toEqual([]);
  });

  it('keeps nothing of a unit of work that fails, and what one that succeeds wrote', async () => {
    const { records } = await fresh();
    await expect(
      records.transaction(async (tx) => {
        await tx.audit.append(entry({ action: 'lost' }));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await records.transaction(async (tx) => {
      await tx.audit.append(entry({ action: 'kept' }));
      // Inside the unit, its own entry is there to read.
      expect((await readAudit(tx).entries()).map((e) => e.action)).toEqual(['kept']);
    });
    expect((await readAudit(records).entries()).map((e) => e.action)).toEqual(['kept']);
  });
});

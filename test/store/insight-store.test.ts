import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { seedHistory } from '../../src/sandbox/seed-history.js';

const NOW = new Date('2026-03-31T12:00:00Z');

function seeded() {
  let t = NOW;
  const store = openStore(':memory:', () => t);
  seedHistory(store, (at) => (t = at), NOW);
  t = NOW;
  return store;
}

describe('insight store', () => {
  it('reads each release with the times of its steps from the audit, and its oldest commit date from the analysis', () => {
    const h = seeded().insights.history('2026-03-20T00:00:00Z');
    const widget = h.releases.find((r) => r.repo === 'widget')!;
    expect(widget).toEqual({
      id: widget.id,
      repo: 'widget',
      proposedAt: '2026-03-26T12:00:00.000Z',
      approvedAt: '2026-03-26T12:20:00.000Z',
      releasedAt: '2026-03-26T12:22:00.000Z',
      firstCommitAt: '2026-03-25T18:00:00.000Z',
      rolledOutAt: null,
    });
    const hubspot = h.releases.find((r) => r.repo === 'connector-hubspot')!;
    expect(hubspot.rolledOutAt).toBe('2026-03-28T13:00:00.000Z');
    expect(h.rollouts.map((r) => [r.kind, r.status])).toEqual([
      ['build', 'rolled_back'],
      ['rollback', 'deployed'],
    ]);
    expect(h.firsts).toContainEqual({ repo: 'widget', at: '2026-02-09T12:00:00.000Z' });
  });

  it('knows what each connector has in production, its last rollout and its pin', () => {
    const records = seeded().insights.connectors();
    expect(records.find((r) => r.connectorId === 'connector-hubspot')).toMatchObject({
      production: { version: '0.8.1' },
      lastRollout: { version: '0.8.1', status: 'deployed' },
      pin: { pinnedBy: 'U0ONCALL', version: '0.8.1' },
    });
    expect(records.find((r) => r.connectorId === 'connector-jira')).toMatchObject({ production: { version: '0.9.0' }, pin: null });
  });

  it('lets one caller claim a week’s digest', () => {
    const store = seeded();
    expect(store.insights.claimDigest('2026-W14')).toBe(true);
    expect(store.insights.claimDigest('2026-W14')).toBe(false);
    expect(store.insights.claimDigest('2026-W15')).toBe(true);
  });
});

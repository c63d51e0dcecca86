import { describe, expect, it } from 'vitest';
import { connectorDrift, type ConnectorRepo } from '../../src/domain/connector-drift.js';
import type { ConnectorRecord } from '../../src/domain/connector-record.js';

const NOW = new Date('2026-03-31T12:00:00Z');
const history = (n: number) => Array.from({ length: n }, (_, i) => ({ sha: `sha${n - 1 - i}` })); // newest first: sha{n-1} … sha0
const repo = (name: string, o: Partial<ConnectorRepo> = {}): ConnectorRepo => ({
  name,
  tagPrefix: '',
  htmlUrl: `https://github.com/acme/${name}`,
  tags: [{ name: '1.2.0', commitSha: 'sha4' }],
  history: history(5),
  historyComplete: true,
  ...o,
});
const deployed = (id: string, version: string, over: Partial<ConnectorRecord> = {}): ConnectorRecord => ({
  connectorId: id,
  production: { version, at: '2026-03-01T00:00:00Z' },
  lastRollout: { version, status: 'deployed', at: '2026-03-01T00:00:00Z' },
  pin: null,
  ...over,
});

describe('connectorDrift', () => {
  it('counts a connector at its tag, with that tag in production and no pin, as in sync', () => {
    const r = connectorDrift([repo('connector-a')], [deployed('connector-a', '1.2.0')], { now: NOW });
    expect(r).toEqual({ total: 1, drifting: [], inSync: 1 });
  });

  it('sorts by how far each drifts: a tag not deployed, a long pin, commits ahead', () => {
    const r = connectorDrift(
      [repo('connector-ahead', { history: history(8) }), repo('connector-tagged'), repo('connector-pinned'), repo('connector-never-rolled-out')],
      [
        deployed('connector-ahead', '1.2.0'),
        deployed('connector-tagged', '1.1.0'),
        deployed('connector-pinned', '1.2.0', {
          pin: { connectorId: 'connector-pinned', image: null, version: '1.2.0', pinnedBy: 'U1', pinnedAt: '2026-03-21T12:00:00Z', reason: 'x' },
        }),
      ],
      { now: NOW },
    );
    expect(r.drifting.map((d) => [d.connectorId, d.score])).toEqual([
      ['connector-pinned', 30],
      ['connector-tagged', 20],
      ['connector-ahead', 3],
    ]);
    expect(r.drifting[0]!.pinnedDays).toBe(10);
    expect(r.drifting[2]!.ahead).toEqual({ count: 3, atLeast: false });
    // never rolled out by the bot: production unknown, not called "not deployed"
    expect(r.inSync).toBe(1);
  });

  it('says "at least" when the tag is older than the history the sweep read, and ignores prereleases and other prefixes', () => {
    const r = connectorDrift(
      [
        repo('connector-old', {
          tags: [
            { name: '0.9.0', commitSha: 'elsewhere' },
            { name: '1.0.0-rc.1', commitSha: 'sha4' },
            { name: 'v9.0.0', commitSha: 'sha4' },
          ],
          historyComplete: false,
        }),
      ],
      [],
      { now: NOW },
    );
    expect(r.drifting[0]).toMatchObject({ latestTag: '0.9.0', ahead: { count: 5, atLeast: true } });
  });

  it('flags a failed last rollout', () => {
    const r = connectorDrift([repo('connector-a')], [deployed('connector-a', '1.2.0', { lastRollout: { version: '1.2.0', status: 'failed', at: '' } })], {
      now: NOW,
    });
    expect(r.drifting[0]!.score).toBe(15);
  });
});

import { describe, expect, it } from 'vitest';
import { connectorDrift, type ConnectorRepo } from '../../../src/domain/connector-drift.js';
import type { ConnectorRecord } from '../../../src/domain/connector-record.js';
import { DRIFT_PAGE_SIZE, driftMessages } from '../../../src/slack/blocks/drift-message.js';
import { validateBlocks } from '../../../src/sandbox/slack/validate-blocks.js';

const NOW = new Date('2026-03-31T12:00:00Z');

function report(n: number) {
  const repos: ConnectorRepo[] = Array.from({ length: n }, (_, i) => ({
    name: `connector-${'long-name-'.repeat(4)}${i}`,
    tagPrefix: '',
    htmlUrl: `https://github.com/acme/connector-${'long-name-'.repeat(4)}${i}`,
    tags: [
      { name: `1.${i}.0-build.${'x'.repeat(20)}`, commitSha: 'old' },
      { name: `1.${i}.0`, commitSha: 'old' },
    ],
    history: Array.from({ length: 100 }, (_, j) => ({ sha: `s${j}` })),
    historyComplete: i % 2 === 0,
  }));
  const records: ConnectorRecord[] = repos.map((r, i) => ({
    connectorId: r.name,
    production: { version: `1.${i - 1}.0`, at: '2026-03-01T00:00:00Z' },
    lastRollout: { version: `1.${i}.0`, status: 'failed', at: '2026-03-02T00:00:00Z' },
    pin: { connectorId: r.name, image: null, version: null, pinnedBy: 'U0ONCALLPERSON', pinnedAt: '2026-03-03T00:00:00Z', reason: 'incident' },
  }));
  return connectorDrift(repos, records, { now: NOW });
}

describe('the drift message', () => {
  it('stays within Slack limits for 500 drifting connectors, in at most 5 messages', () => {
    const pages = driftMessages(report(500));
    expect(pages).toHaveLength(Math.ceil(500 / DRIFT_PAGE_SIZE));
    for (const page of pages) {
      expect(validateBlocks([...page.blocks!])).toEqual([]);
      expect(page.blocks!.length).toBeLessThanOrEqual(50);
      expect(JSON.stringify(page).length).toBeLessThan(40_000);
    }
    const lines = pages.flatMap((p) => p.blocks!.flatMap((b) => ('text' in b && b.type === 'section' ? (b.text?.text ?? '').split('\n') : [])));
    expect(lines.filter((l) => l.startsWith('• '))).toHaveLength(500);
  });

  it('says how many are not shown past the fifth message', () => {
    const pages = driftMessages(report(520));
    expect(pages).toHaveLength(5);
    expect(JSON.stringify(pages[4]!.blocks!.at(-1))).toContain('Page 5 of 5: connectors 401–500 of 520 drifting. 20 more drift, not shown');
  });

  it('reads as a lead would want it (snapshot)', () => {
    expect(driftMessages(report(3))).toMatchSnapshot();
  });

  it('says so when every connector is in sync', () => {
    expect(driftMessages({ total: 40, drifting: [], inSync: 40 })[0]!.text).toBe(
      '0 of 40 connectors drift; 40 in sync (tag in production, main at the tag, not pinned).',
    );
  });
});

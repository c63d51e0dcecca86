import { describe, expect, it } from 'vitest';
import { deliveryStats } from '../../../src/domain/delivery-stats.js';
import { connectorDrift } from '../../../src/domain/connector-drift.js';
import { digestMessage } from '../../../src/slack/blocks/digest-message.js';
import { validateBlocks } from '../../../src/sandbox/slack/validate-blocks.js';
import { openStore } from '../../../src/store/store.js';
import { seedHistory } from '../../../src/sandbox/seed-history.js';

const NOW = new Date('2026-03-30T07:00:00Z');

describe('the weekly digest message', () => {
  it('shows last week’s figures and the farthest drifting connectors (snapshot)', () => {
    let t = NOW;
    const store = openStore(':memory:', () => t);
    seedHistory(store, (at) => (t = at), NOW);
    const scope = { kind: 'all' } as const;
    const stats = deliveryStats(store.insights.history('2025-01-01T00:00:00Z'), { scope, days: 7, now: NOW });
    const drift = connectorDrift(
      ['connector-hubspot', 'connector-jira'].map((name) => ({
        name,
        tagPrefix: '',
        htmlUrl: `https://github.com/acme/${name}`,
        tags: [{ name: '0.9.0', commitSha: 'a' }],
        history: [{ sha: 'b' }, { sha: 'a' }],
        historyComplete: true,
      })),
      store.insights.connectors(),
      { now: NOW },
    );
    const message = digestMessage({ week: '2026-W14', scope, stats, drift, top: drift.drifting.slice(0, 1) });
    expect(validateBlocks([...message.blocks!])).toEqual([]);
    expect(message).toMatchSnapshot();
  });
});

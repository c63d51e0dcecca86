import { describe, expect, it } from 'vitest';
import { deliveryStats } from '../../../src/domain/delivery-stats.js';
import { noStatsText, statsMessage } from '../../../src/slack/blocks/stats-message.js';
import { durationText } from '../../../src/slack/blocks/duration-text.js';
import { validateBlocks } from '../../../src/sandbox/slack/validate-blocks.js';
import { openStore } from '../../../src/store/store.js';
import { seedHistory } from '../../../src/sandbox/seed-history.js';

const NOW = new Date('2026-03-31T12:00:00Z');

function sandboxStats(scope: Parameters<typeof deliveryStats>[1]['scope'], days = 30) {
  let t = NOW;
  const store = openStore(':memory:', () => t);
  seedHistory(store, (at) => (t = at), NOW);
  return deliveryStats(store.insights.history('2025-01-01T00:00:00Z'), { scope, days, now: NOW })!;
}

describe('the stats message', () => {
  it('shows every figure with its band and the previous period (sandbox history)', () => {
    const message = statsMessage(sandboxStats({ kind: 'all' }));
    expect(validateBlocks([...message.blocks!])).toEqual([]);
    expect(message).toMatchSnapshot();
  });

  it('says when there is nothing to measure, and that nothing was released yet', () => {
    const message = statsMessage(sandboxStats({ kind: 'repo', repo: 'site' }, 7));
    expect(JSON.stringify(message)).toContain('nothing to measure');
    expect(noStatsText({ kind: 'repo', repo: 'gadget' })).toMatch(/^Nothing released by the bot yet for \*gadget\*/);
  });

  it('writes durations with their two largest units', () => {
    expect([30_000, 720_000, 7_500_000, 3 * 86_400_000 + 4 * 3_600_000, 86_400_000].map(durationText)).toEqual([
      '30 s',
      '12 min',
      '2 h 5 min',
      '3 d 4 h',
      '1 d',
    ]);
  });
});

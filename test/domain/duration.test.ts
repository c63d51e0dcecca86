import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/domain/duration.js';

describe('parseDuration', () => {
  it('reads seconds, minutes, hours and days', () => {
    expect(['45s', '30m', '24h', '7d'].map(parseDuration)).toEqual([45_000, 1_800_000, 86_400_000, 604_800_000]);
  });

  it('refuses what is not a whole positive number and one unit', () => {
    expect(['', '0h', '1.5h', '24 h', '1w', 'h', '-1d', '24', '1h30m', '01h'].map(parseDuration)).toEqual(Array(10).fill(null));
  });
});

describe('formatDuration', () => {
  it('says a duration in the largest unit that divides it', () => {
    expect([45_000, 1_800_000, 86_400_000, 5_400_000, 3_600_000].map(formatDuration)).toEqual(['45s', '30m', '1d', '90m', '1h']);
  });
});

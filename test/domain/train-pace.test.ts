import { describe, expect, it } from 'vitest';
import { trainPace } from '../../src/domain/train-pace.js';

describe('trainPace', () => {
  const limits = { writesPerMinute: 80, writesPerHour: 500 };

  it('takes writes ÷ the per-minute limit while one hour allows them all', () => {
    expect(trainPace(400, limits)).toEqual({ writes: 400, minutesFirstHour: 5, waitsForHourlyLimit: false, totalMinutes: 5 });
  });

  it('says when the hourly limit will make the train wait, and for how long in all', () => {
    const pace = trainPace(600, limits);
    expect(pace.waitsForHourlyLimit).toBe(true);
    expect(pace.minutesFirstHour).toBeCloseTo(6.25);
    expect(pace.totalMinutes).toBeCloseTo(61.25);
  });
});

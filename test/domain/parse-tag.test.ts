import { describe, expect, it } from 'vitest';
import { formatTag, parseTag } from '../../src/domain/parse-tag.js';

describe('parseTag', () => {
  it('reads the version after the prefix', () => {
    expect(parseTag('v1.2.3', 'v')).toBe('1.2.3');
    expect(parseTag('t1.2.3', 't')).toBe('1.2.3');
    expect(parseTag('1.2.3', '')).toBe('1.2.3');
    expect(parseTag('connector-foo@2.0.0', 'connector-foo@')).toBe('2.0.0');
  });

  it('keeps prereleases and build metadata as written', () => {
    expect(parseTag('v1.3.0-rc.1', 'v')).toBe('1.3.0-rc.1');
    expect(parseTag('v1.3.0-beta', 'v')).toBe('1.3.0-beta');
    expect(parseTag('v1.2.3+build.5', 'v')).toBe('1.2.3+build.5');
  });

  it.each([
    ['v1.2', 'v'],
    ['v1', 'v'],
    ['latest', 'v'],
    ['release-2020', 'v'],
    ['release-2020', ''],
    ['v01.2.3', 'v'],
    ['v1.02.3', 'v'],
    ['vv1.2.3', 'v'],
    ['v=1.2.3', 'v'],
    ['v 1.2.3', 'v'],
    ['v1.2.3 ', 'v'],
    ['V1.2.3', 'v'],
    ['v1.2.3.4', 'v'],
    ['v1.2.3-', 'v'],
    ['v', 'v'],
    ['', ''],
  ])('refuses %j with prefix %j', (tag, prefix) => {
    expect(parseTag(tag, prefix)).toBeNull();
  });

  it('does not take a v tag for a bare version when the prefix is empty', () => {
    expect(parseTag('v1.2.3', '')).toBeNull();
  });

  it('does not read a tag with another prefix', () => {
    expect(parseTag('t1.2.3', 'v')).toBeNull();
    expect(parseTag('1.2.3', 'v')).toBeNull();
    expect(parseTag('v1.2.3', 't')).toBeNull();
  });
});

describe('formatTag', () => {
  it('puts the prefix before the version', () => {
    expect(formatTag('1.3.0', 'v')).toBe('v1.3.0');
    expect(formatTag('1.3.0-rc.1', 't')).toBe('t1.3.0-rc.1');
    expect(formatTag('1.3.0', '')).toBe('1.3.0');
  });

  it('round-trips with parseTag', () => {
    expect(parseTag(formatTag('2.0.0-beta.3', 'v'), 'v')).toBe('2.0.0-beta.3');
  });
});

import { describe, expect, it } from 'vitest';
import { truncate } from '../../src/domain/truncate.js';

describe('truncate', () => {
  it('leaves text that fits as it is', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('', 0)).toBe('');
  });

  it('cuts to max characters, the ellipsis included', () => {
    expect(truncate('hello world', 8)).toBe('hello w…');
    expect(truncate('hello world', 8)).toHaveLength(8);
    expect(truncate('hello', 1)).toBe('…');
    expect(truncate('hello', 0)).toBe('');
  });

  it('never splits a surrogate pair', () => {
    const text = 'ab😀cd';
    expect(truncate(text, 4)).toBe('ab…');
    expect(truncate(text, 5)).toBe('ab😀…');
  });

  it('never splits an entity of escaped mrkdwn', () => {
    expect(truncate('a &amp; b', 5)).toBe('a …');
    expect(truncate('a &amp; b', 7)).toBe('a …');
    expect(truncate('a &amp; b', 8)).toBe('a &amp;…');
    expect(truncate('x&#128512;y', 6)).toBe('x…');
  });

  it('cuts an ampersand that starts no entity like any other character', () => {
    expect(truncate('R&D team', 4)).toBe('R&D…');
    expect(truncate('a & b c', 4)).toBe('a &…');
  });
});

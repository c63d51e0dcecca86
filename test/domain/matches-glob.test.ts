import { describe, expect, it } from 'vitest';
import { matchesGlob } from '../../src/domain/matches-glob.js';

describe('matchesGlob', () => {
  it('matches a star against any run of characters, none included', () => {
    expect(matchesGlob('infra-dns', ['infra-*'])).toBe(true);
    expect(matchesGlob('infra-', ['infra-*'])).toBe(true);
    expect(matchesGlob('my-infra-dns', ['infra-*'])).toBe(false);
    expect(matchesGlob('connector-foo-legacy', ['*-legacy'])).toBe(true);
    expect(matchesGlob('anything', ['*'])).toBe(true);
  });

  it('matches a question mark against exactly one character', () => {
    expect(matchesGlob('svc1', ['svc?'])).toBe(true);
    expect(matchesGlob('svc', ['svc?'])).toBe(false);
    expect(matchesGlob('svc12', ['svc?'])).toBe(false);
  });

  it('matches the whole name, case-sensitively', () => {
    expect(matchesGlob('docs', ['docs'])).toBe(true);
    expect(matchesGlob('docs-site', ['docs'])).toBe(false);
    expect(matchesGlob('old-docs', ['docs'])).toBe(false);
    expect(matchesGlob('Docs', ['docs'])).toBe(false);
  });

  it('takes regular expression characters literally', () => {
    expect(matchesGlob('a.b', ['a.b'])).toBe(true);
    expect(matchesGlob('axb', ['a.b'])).toBe(false);
    expect(matchesGlob('c++', ['c++'])).toBe(true);
    expect(matchesGlob('site(old)', ['site(*)'])).toBe(true);
  });

  it('matches when any pattern does, and never with no patterns', () => {
    expect(matchesGlob('docs', ['infra-*', 'docs'])).toBe(true);
    expect(matchesGlob('widget', ['infra-*', 'docs'])).toBe(false);
    expect(matchesGlob('widget', [])).toBe(false);
  });
});

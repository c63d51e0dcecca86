import { describe, expect, it } from 'vitest';
import {
  decideRelease,
  DEFAULT_RELEASE_RULES,
  describeReleaseRule,
  matchesReleaseRule,
  type ReleaseRule,
  type RuleSubject,
} from '../../src/domain/release-rules.js';

function subject(type: string | null, scope: string | null = null, breaking = false): RuleSubject {
  return { type, scope, breaking };
}

describe('matchesReleaseRule', () => {
  it('compares types without regard to case, as the Conventional Commits spec asks', () => {
    expect(matchesReleaseRule({ type: 'Refactor', release: 'patch' }, subject('refactor'))).toBe(true);
    expect(matchesReleaseRule({ type: 'refactor', release: 'patch' }, subject('REFACTOR'))).toBe(true);
    expect(matchesReleaseRule({ type: 'refactor', release: 'patch' }, subject('style'))).toBe(false);
    expect(matchesReleaseRule({ type: 'refactor', release: 'patch' }, subject(null))).toBe(false);
  });

  it('takes the scope as a glob, and never matches a commit without a scope', () => {
    const rule: ReleaseRule = { type: 'docs', scope: 'README*', release: 'patch' };
    expect(matchesReleaseRule(rule, subject('docs', 'README'))).toBe(true);
    expect(matchesReleaseRule(rule, subject('docs', 'README.md'))).toBe(true);
    expect(matchesReleaseRule(rule, subject('docs', 'guide'))).toBe(false);
    expect(matchesReleaseRule(rule, subject('docs'))).toBe(false);
    expect(matchesReleaseRule({ scope: 'deps', release: 'patch' }, subject('build', 'deps'))).toBe(true);
  });

  it('takes the type as a glob too, as commit-analyzer does', () => {
    expect(matchesReleaseRule({ type: 'feat*', release: 'minor' }, subject('feature'))).toBe(true);
  });

  it('matches a breaking rule only on a breaking commit', () => {
    const rule: ReleaseRule = { breaking: true, release: 'major' };
    expect(matchesReleaseRule(rule, subject('chore', null, true))).toBe(true);
    expect(matchesReleaseRule(rule, subject(null, null, true))).toBe(true);
    expect(matchesReleaseRule(rule, subject('feat'))).toBe(false);
  });
});

describe('decideRelease', () => {
  it('gives undefined when no rule matches, so the caller can fall back', () => {
    expect(decideRelease([{ type: 'refactor', release: 'patch' }], subject('feat'))).toBeUndefined();
    expect(decideRelease([], subject('feat'))).toBeUndefined();
  });

  it('takes the highest release among the matching rules, whatever their order', () => {
    const patch: ReleaseRule = { type: 'chore', release: 'patch' };
    const minor: ReleaseRule = { scope: 'deps', release: 'minor' };
    expect(decideRelease([patch, minor], subject('chore', 'deps'))).toEqual({ release: 'minor', rule: minor });
    expect(decideRelease([minor, patch], subject('chore', 'deps'))).toEqual({ release: 'minor', rule: minor });
  });

  it('names the first of equally high rules', () => {
    const first: ReleaseRule = { type: 'chore', release: 'patch' };
    expect(decideRelease([first, { scope: 'deps', release: 'patch' }], subject('chore', 'deps'))?.rule).toBe(first);
  });

  it('decides "no release" with release: false, unless a higher matching rule says otherwise', () => {
    const off: ReleaseRule = { type: 'feat', scope: 'experimental', release: false };
    const major: ReleaseRule = { breaking: true, release: 'major' };
    expect(decideRelease([off], subject('feat', 'experimental'))).toEqual({ release: false, rule: off });
    expect(decideRelease([off, major], subject('feat', 'experimental', true))).toEqual({ release: 'major', rule: major });
    expect(decideRelease([major, off], subject('feat', 'experimental', true))).toEqual({ release: 'major', rule: major });
  });

  it('gives the defaults of DESIGN.md §7', () => {
    const release = (s: RuleSubject) => decideRelease(DEFAULT_RELEASE_RULES, s)?.release;
    expect(release(subject('fix', null, true))).toBe('major');
    expect(release(subject('docs', null, true))).toBe('major');
    expect(release(subject('feat'))).toBe('minor');
    expect([release(subject('fix')), release(subject('perf')), release(subject('revert'))]).toEqual(['patch', 'patch', 'patch']);
    expect([release(subject('chore')), release(subject('refactor')), release(subject(null))]).toEqual([undefined, undefined, undefined]);
  });
});

describe('describeReleaseRule', () => {
  it.each<[ReleaseRule, string]>([
    [{ type: 'refactor', release: 'patch' }, 'refactor → patch'],
    [{ type: 'chore', scope: 'deps', release: 'patch' }, 'chore(deps) → patch'],
    [{ type: 'feat', scope: 'experimental', release: false }, 'feat(experimental) → no release'],
    [{ breaking: true, release: 'major' }, 'breaking → major'],
    [{ type: 'feat', breaking: true, release: 'major' }, 'feat! → major'],
    [{ scope: 'deps', release: 'patch' }, '*(deps) → patch'],
  ])('writes %j as %s', (rule, text) => {
    expect(describeReleaseRule(rule)).toBe(text);
  });
});

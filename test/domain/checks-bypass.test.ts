import { describe, expect, it } from 'vitest';
import { checksBypass, checksHolding, type Bypass } from '../../src/domain/bypass.js';

const bypass = (what: Bypass['what']): Bypass => ({ by: 'U0ONCALL', reason: 'incident 42', what, at: '2026-12-01T12:00:00Z' });
const required = { requireChecks: true };

describe('break-glass and the checks gate', () => {
  it.each([
    ['red checks under requireChecks', { policy: required, checks: { verdict: 'block' } }, true],
    ['pending checks under requireChecks', { policy: required, checks: { verdict: 'wait' } }, true],
    ['green checks', { policy: required, checks: { verdict: 'go' } }, false],
    ['no checks read yet', { policy: required, checks: null }, false],
    ['a policy without requireChecks', { policy: { requireChecks: false }, checks: { verdict: 'block' } }, false],
    ['no policy', { policy: null, checks: { verdict: 'block' } }, false],
    ['red checks bypassed already', { policy: required, checks: { verdict: 'block' }, bypasses: [bypass(['checks'])] }, false],
    ['red checks, only the freeze bypassed', { policy: required, checks: { verdict: 'block' }, bypasses: [bypass(['freeze'])] }, true],
  ])('holds a release with %s: %s', (_, r, holds) => {
    expect(checksHolding(r)).toBe(holds);
  });

  it("gives the gate who bypassed the checks and why, and nothing for a freeze's bypass", () => {
    expect(checksBypass([bypass(['freeze']), bypass(['freeze', 'checks'])])).toEqual({ by: 'U0ONCALL', reason: 'incident 42' });
    expect(checksBypass([bypass(['freeze'])])).toBeNull();
    expect(checksBypass(undefined)).toBeNull();
  });
});

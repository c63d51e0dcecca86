import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, expiresAt, isRequester, policyFor, policyProblems, tallyApprovals, type PolicyEntry } from '../../src/domain/approval-policy.js';

const connectors: PolicyEntry = { repos: ['connector-*'], approvers: ['S0LEADS'], requiredApprovals: 2, selfApproval: false };
const site: PolicyEntry = { repos: ['site', 'docs-*'], requiredApprovals: 1, selfApproval: true, expireAfter: { text: '24h', ms: 86_400_000 } };
const everything: PolicyEntry = { repos: ['*'], requiredApprovals: 3, selfApproval: true };

describe('policyFor', () => {
  it('applies the first policy whose repos globs match', () => {
    expect(policyFor('connector-foo', [connectors, everything])).toEqual({
      approvers: ['S0LEADS'],
      requiredApprovals: 2,
      selfApproval: false,
      expireAfter: null,
      requireChecks: false,
    });
    expect(policyFor('connector-foo', [everything, connectors]).requiredApprovals).toBe(3);
    expect(policyFor('docs-api', [connectors, site])).toEqual({
      approvers: null,
      requiredApprovals: 1,
      selfApproval: true,
      expireAfter: { text: '24h', ms: 86_400_000 },
      requireChecks: false,
    });
    expect(policyFor('connector-foo', [{ ...connectors, requireChecks: true }]).requireChecks).toBe(true);
  });

  it('falls back to one approval by the global approvers when no policy matches', () => {
    expect(policyFor('widget', [connectors, site])).toEqual(DEFAULT_POLICY);
    expect(policyFor('widget', [])).toEqual({ approvers: null, requiredApprovals: 1, selfApproval: true, expireAfter: null, requireChecks: false });
  });
});

describe('tallyApprovals', () => {
  it('counts distinct people, in the order they approved', () => {
    expect(tallyApprovals([{ user: 'UA' }, { user: 'UA' }, { user: 'UB' }], 2)).toEqual({ users: ['UA', 'UB'], count: 2, required: 2, complete: true });
    expect(tallyApprovals([{ user: 'UA' }, { user: 'UA' }], 2)).toMatchObject({ count: 1, complete: false });
    expect(tallyApprovals([], 1)).toMatchObject({ count: 0, complete: false });
  });
});

describe('isRequester', () => {
  it('is the /release caller, or the pusher through people', () => {
    expect(isRequester('UALICE', { requestedBy: 'UALICE', pushedBy: null }, {})).toBe(true);
    expect(isRequester('UALICE', { requestedBy: null, pushedBy: 'Alice-GH' }, { UALICE: 'alice-gh' })).toBe(true);
    expect(isRequester('UBOB', { requestedBy: null, pushedBy: 'alice-gh' }, { UALICE: 'alice-gh', UBOB: 'bob-gh' })).toBe(false);
    expect(isRequester('UALICE', { requestedBy: null, pushedBy: 'alice-gh' }, {})).toBe(false);
  });
});

describe('expiresAt', () => {
  it('is the proposal time plus expireAfter, or never', () => {
    expect(expiresAt('2026-03-02T09:00:00.000Z', { expireAfter: { text: '24h', ms: 86_400_000 } })?.toISOString()).toBe('2026-03-03T09:00:00.000Z');
    expect(expiresAt('2026-03-02T09:00:00.000Z', { expireAfter: null })).toBeNull();
    expect(expiresAt('2026-03-02T09:00:00.000Z', null)).toBeNull();
  });
});

describe('policyProblems', () => {
  it('refuses more required approvals than users listed, and trusts a group', () => {
    expect(policyProblems({ requiredApprovals: 3 }, ['UA', 'UB'])).toEqual([
      'requiredApprovals: 3 distinct approvals cannot be given by the 2 approvers listed',
    ]);
    expect(policyProblems({ requiredApprovals: 2 }, ['UA', 'UB'])).toEqual([]);
    expect(policyProblems({ requiredApprovals: 5 }, ['UA', 'S0GROUP'])).toEqual([]);
  });
});

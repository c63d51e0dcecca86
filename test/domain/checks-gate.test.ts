import { describe, expect, it } from 'vitest';
import { checkRunState, checksVerdict, describeFailing, summarizeChecks, type CheckRunInput, type CommitStatusInput } from '../../src/domain/checks-gate.js';

const run = (name: string, status: string, conclusion: string | null = null, id?: number): CheckRunInput => ({
  name,
  status,
  conclusion,
  url: `https://ci.example/${name}`,
  ...(id === undefined ? {} : { id }),
});
const status = (context: string, state: CommitStatusInput['state'], id?: number): CommitStatusInput => ({
  context,
  state,
  targetUrl: null,
  ...(id === undefined ? {} : { id }),
});

describe('checkRunState', () => {
  it.each([
    ['queued', null, 'pending'],
    ['in_progress', null, 'pending'],
    ['waiting', null, 'pending'],
    ['completed', 'success', 'passed'],
    ['completed', 'neutral', 'passed'],
    ['completed', 'skipped', 'passed'],
    ['completed', 'failure', 'failed'],
    ['completed', 'timed_out', 'failed'],
    ['completed', 'cancelled', 'failed'],
    ['completed', 'action_required', 'failed'],
    ['completed', 'startup_failure', 'failed'],
    ['completed', 'stale', 'failed'],
  ])('%s/%s is %s', (s, conclusion, expected) => {
    expect(checkRunState({ status: s, conclusion })).toBe(expected);
  });
});

describe('summarizeChecks', () => {
  it('counts the latest status of each context and the latest run of each name', () => {
    const s = summarizeChecks(
      [status('ci/build', 'pending', 1), status('ci/build', 'success', 2), status('deploy/preview', 'error', 3)],
      [run('lint', 'completed', 'failure', 10), run('lint', 'completed', 'success', 11), run('test', 'in_progress')],
    );
    expect(s).toMatchObject({ passed: 2, pending: 1, failed: 1 });
    expect(s.checks.map((c) => `${c.name}:${c.state}`)).toEqual(['deploy/preview:failed', 'test:pending', 'ci/build:passed', 'lint:passed']);
  });

  it('keeps the first of a context when ids are absent (GitHub lists statuses newest first)', () => {
    expect(summarizeChecks([status('ci', 'failure'), status('ci', 'success')], []).failed).toBe(1);
  });
});

describe('checksVerdict', () => {
  const green = summarizeChecks([status('ci', 'success')], [run('lint', 'completed', 'success')]);
  const pending = summarizeChecks([status('ci', 'success')], [run('e2e', 'queued')]);
  const red = summarizeChecks([], [run('lint', 'completed', 'failure'), run('e2e', 'in_progress')]);
  const none = summarizeChecks([], []);

  it.each([
    ['not required, red', { required: false, summary: red }, 'go'],
    ['green', { required: true, summary: green }, 'go'],
    ['pending', { required: true, summary: pending }, 'wait'],
    ['no checks at all', { required: true, summary: none }, 'wait'],
    ['not read', { required: true, summary: null }, 'wait'],
    ['red while another runs', { required: true, summary: red }, 'block'],
    ['red, bypassed', { required: true, summary: red, bypass: { by: 'U1', reason: 'hotfix' } }, 'go'],
  ])('%s → %s', (_name, input, kind) => {
    expect(checksVerdict(input).kind).toBe(kind);
  });

  it('names what it waits for and what fails', () => {
    expect(checksVerdict({ required: true, summary: none })).toEqual({ kind: 'wait', because: 'none', pending: [] });
    expect(checksVerdict({ required: true, summary: pending })).toMatchObject({ kind: 'wait', because: 'pending', pending: [{ name: 'e2e' }] });
    const verdict = checksVerdict({ required: true, summary: red });
    expect(verdict).toMatchObject({ kind: 'block', failing: [{ name: 'lint', url: 'https://ci.example/lint' }] });
    if (verdict.kind === 'block') expect(describeFailing(verdict.failing)).toBe('lint (https://ci.example/lint)');
    expect(checksVerdict({ required: true, summary: red, bypass: { by: 'U1', reason: 'hotfix' } })).toEqual({
      kind: 'go',
      because: 'bypassed',
      bypass: { by: 'U1', reason: 'hotfix' },
    });
  });
});

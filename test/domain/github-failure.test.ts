import { describe, expect, it } from 'vitest';
import { githubFailure } from '../../src/domain/github-failure.js';

const ctx = { repo: 'widget', step: 'tag' };

describe('githubFailure', () => {
  it.each([500, 502, 503, 429])('passes an outage (%s) as transient', (status) => {
    expect(githubFailure({ status, message: 'Bad Gateway' }, ctx).kind).toBe('transient');
  });

  it('does not retry what is not an answer from GitHub (a bug, the database)', () => {
    expect(githubFailure({ message: 'SQLITE_IOERR' }, ctx)).toEqual({ kind: 'permanent', reason: 'The tag step failed: SQLITE_IOERR' });
  });

  it('tells what to fix for a refused token, a missing permission and a missing repository', () => {
    expect(githubFailure({ status: 401, message: 'Bad credentials' }, ctx)).toMatchObject({
      kind: 'permanent',
      reason: expect.stringContaining('GITHUB_TOKEN'),
    });
    expect(githubFailure({ status: 403, message: 'Resource not accessible by integration' }, ctx)).toMatchObject({
      kind: 'permanent',
      reason: expect.stringContaining('contents: write on widget'),
    });
    expect(githubFailure({ status: 404, message: 'Not Found' }, ctx)).toMatchObject({
      kind: 'permanent',
      reason: expect.stringContaining('cannot find widget'),
    });
  });

  it("fails any other 4xx at once, with GitHub's own words", () => {
    expect(githubFailure({ status: 422, message: 'body is too long' }, ctx)).toEqual({
      kind: 'permanent',
      reason: expect.stringContaining('422: body is too long'),
    });
  });
});

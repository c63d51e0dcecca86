export type GitHubFailure = { kind: 'transient'; reason: string } | { kind: 'permanent'; reason: string };

/**
 * Whether a failed GitHub request is worth trying again, and what to tell people. 5xx and 429
 * (and requests that never got an answer, which Octokit reports as 500) are outages: they pass. A 4xx says what to fix, and asking
 * again would get the same answer. (Octokit's plugin-retry has already retried the 5xx a few
 * times within the request; this decides about the step.)
 */
export function githubFailure(error: { status?: number; message: string }, ctx: { repo: string; step: string }): GitHubFailure {
  const { status, message } = error;
  // Not an answer from GitHub at all (Octokit reports a request that got none as a 500): a bug of
  // ours or our database; trying the step again for minutes would only hide it.
  if (status === undefined) return { kind: 'permanent', reason: `The ${ctx.step} step failed: ${message}` };
  if (status >= 500 || status === 429) return { kind: 'transient', reason: `GitHub did not answer the ${ctx.step} step (${status}: ${message})` };
  switch (status) {
    case 401:
      return {
        kind: 'permanent',
        reason: `GitHub refused the ${ctx.step} step: the token is invalid or expired (401). Check GITHUB_TOKEN (or the GitHub App's key), restart the bot, then press Retry.`,
      };
    case 403:
      return {
        kind: 'permanent',
        reason: `GitHub refused the ${ctx.step} step on ${ctx.repo}: the token may not write there (403: ${message}). Give it contents: write on ${ctx.repo} (or check branch and tag protection), then press Retry.`,
      };
    case 404:
      return {
        kind: 'permanent',
        reason: `GitHub cannot find ${ctx.repo} for the ${ctx.step} step (404): it was renamed or deleted, or the token cannot see it. Check the token's repository access, then press Retry.`,
      };
    default:
      return { kind: 'permanent', reason: `GitHub did not accept the ${ctx.step} step (${status}: ${message}). Fix what it says, then press Retry.` };
  }
}

import type { GitHubUrls } from './github-urls.js';
import { nodeId } from './github-urls.js';
import type { RepoRecord } from './git-objects.js';
import type { ChecksBook } from './checks-book.js';
import { type PageArgs, connection } from './graphql-connection.js';

interface Ctx {
  checks: ChecksBook;
  urls(): GitHubUrls;
}

/**
 * `Commit.statusCheckRollup`: the latest check run of each name and the latest status of each
 * context, with one state (FAILURE if any failed or errored, PENDING if any has not finished,
 * SUCCESS otherwise); null when nothing reported on the commit.
 * https://docs.github.com/graphql/reference/objects#statuscheckrollup
 */
export function statusCheckRollup(c: Ctx, repo: RepoRecord, sha: string, commit: () => unknown) {
  const runs = c.checks.runsOf(repo, sha).reverse();
  const statuses = c.checks.combined(repo, sha).latest;
  if (runs.length === 0 && statuses.length === 0) return null;
  const html = c.urls().repoHtml(repo.name);
  const contexts: Record<string, unknown>[] = [
    ...runs.map((r) => ({
      __typename: 'CheckRun',
      id: nodeId('CheckRun', r.id),
      databaseId: r.id,
      name: r.name,
      status: r.status.toUpperCase(),
      conclusion: r.conclusion?.toUpperCase() ?? null,
      detailsUrl: r.detailsUrl ?? `${html}/runs/${r.id}`,
      permalink: `${html}/runs/${r.id}`,
      startedAt: r.startedAt,
      completedAt: r.completedAt,
    })),
    ...statuses.map((s) => ({
      __typename: 'StatusContext',
      id: nodeId('StatusContext', s.id),
      context: s.context,
      state: s.state.toUpperCase(),
      targetUrl: s.targetUrl,
      description: s.description,
      createdAt: s.createdAt,
    })),
  ];
  const failed = (x: Record<string, unknown>) =>
    x.__typename === 'CheckRun'
      ? x.status === 'COMPLETED' && !['SUCCESS', 'NEUTRAL', 'SKIPPED'].includes(String(x.conclusion))
      : x.state === 'FAILURE' || x.state === 'ERROR';
  const pending = (x: Record<string, unknown>) => (x.__typename === 'CheckRun' ? x.status !== 'COMPLETED' : x.state === 'PENDING' || x.state === 'EXPECTED');
  const state = contexts.some(failed) ? 'FAILURE' : contexts.some(pending) ? 'PENDING' : 'SUCCESS';
  return {
    id: nodeId('StatusCheckRollup', `${repo.id}:${sha}`),
    commit,
    state,
    contexts: (args: PageArgs) => connection('contexts', contexts, args, (x) => x),
  };
}

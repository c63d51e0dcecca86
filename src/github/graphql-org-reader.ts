import type { BotOctokit } from './make-octokit.js';
import type { OrgReader, RepoSnapshot } from '../workflows/ports/github.js';

/** The newest commits read per repository; a connector with more unreleased commits than this is read again over REST. */
export const HISTORY_DEPTH = 100;

const QUERY = `
query OrgRepos($org: String!, $cursor: String) {
  organization(login: $org) {
    repositories(first: 100, after: $cursor, orderBy: { field: NAME, direction: ASC }) {
      pageInfo { hasNextPage endCursor }
      nodes {
        name isArchived url
        defaultBranchRef {
          name
          target {
            oid
            ... on Commit {
              history(first: ${HISTORY_DEPTH}) {
                pageInfo { hasNextPage }
                nodes { oid message committedDate author { name user { login } } }
              }
            }
          }
        }
        refs(refPrefix: "refs/tags/", first: 100, orderBy: { field: TAG_COMMIT_DATE, direction: DESC }) {
          pageInfo { hasNextPage }
          nodes { name target { __typename oid ... on Tag { target { __typename oid } } } }
        }
      }
    }
  }
}`;

interface Target {
  __typename: string;
  oid: string;
  target?: Target;
}
interface RepoNode {
  name: string;
  isArchived: boolean;
  url: string;
  defaultBranchRef: null | {
    name: string;
    target: {
      oid: string;
      history?: {
        pageInfo: { hasNextPage: boolean };
        nodes: { oid: string; message: string; committedDate?: string; author: { name: string | null; user: { login: string } | null } | null }[];
      };
    };
  };
  refs: { pageInfo: { hasNextPage: boolean }; nodes: { name: string; target: Target }[] };
}
interface Page {
  organization: { repositories: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: RepoNode[] } } | null;
}

function peel(t: Target): string {
  let cur = t;
  for (let i = 0; cur.__typename === 'Tag' && cur.target && i < 5; i++) cur = cur.target;
  return cur.oid;
}

/** Every repository of the organisation, its tags and recent history, 100 repositories a request. */
export class GraphqlOrgReader implements OrgReader {
  constructor(
    private readonly octokit: BotOctokit,
    private readonly org: string,
  ) {}

  async snapshotRepos(filter: (name: string) => boolean): Promise<RepoSnapshot[]> {
    const out: RepoSnapshot[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page: Page = await this.octokit.graphql<Page>(QUERY, { org: this.org, cursor });
      if (!page.organization) throw new Error(`GitHub has no organisation ${this.org}`);
      const { nodes, pageInfo } = page.organization.repositories;
      for (const n of nodes) if (filter(n.name)) out.push(toSnapshot(n));
      if (!pageInfo.hasNextPage) return out;
      cursor = pageInfo.endCursor;
    }
  }
}

function toSnapshot(n: RepoNode): RepoSnapshot {
  const history = n.defaultBranchRef?.target.history;
  return {
    name: n.name,
    archived: n.isArchived,
    htmlUrl: n.url,
    defaultBranch: n.defaultBranchRef?.name ?? null,
    headSha: n.defaultBranchRef?.target.oid ?? null,
    tags: n.refs.nodes.map((r) => ({ name: r.name, commitSha: peel(r.target) })),
    tagsComplete: !n.refs.pageInfo.hasNextPage,
    history: (history?.nodes ?? []).map((c) => ({
      sha: c.oid,
      message: c.message,
      author: c.author?.user?.login ?? c.author?.name ?? undefined,
      ...(c.committedDate ? { date: c.committedDate } : {}),
    })),
    historyComplete: !(history?.pageInfo.hasNextPage ?? false),
  };
}

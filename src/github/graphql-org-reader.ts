import type { BotOctokit } from './make-octokit.js';
import type { OrgReader, RepoSnapshot, TagSighting } from '../workflows/ports/github.js';
import { parseRepoFile } from '../config.js';
import { REPO_FILE_PATH, type RepoFile } from '../domain/repo-file.js';

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
        repoFile: object(expression: "HEAD:${REPO_FILE_PATH}") { __typename ... on Blob { text isBinary isTruncated } }
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
  repoFile: { __typename: string; text?: string | null; isBinary?: boolean | null; isTruncated?: boolean } | null;
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

  async readTags(wanted: readonly { repo: string; tag: string }[]): Promise<Map<string, TagSighting>> {
    const pages: (typeof wanted)[] = [];
    for (let i = 0; i < wanted.length; i += TAGS_PER_REQUEST) pages.push(wanted.slice(i, i + TAGS_PER_REQUEST));
    // The pages at once: the Octokit's groups bound how many are in flight.
    const answers = await Promise.all(pages.map((p) => readTagPage(this.octokit, this.org, p)));
    return new Map(answers.flatMap((m) => [...m]));
  }
}

/** Repositories looked up by alias in one `readTags` request (GitHub's node limit is far above this). */
export const TAGS_PER_REQUEST = 100;

interface SightingNode {
  defaultBranchRef: { target: { oid: string } | null } | null;
  ref: { target: Target | null } | null;
}

/** One aliased `repository` per wanted tag; names and tags travel as variables, never spliced into the query. */
function tagsQuery(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$n${i}: String!, $t${i}: String!`).join(', ');
  const fields = Array.from(
    { length: count },
    (_, i) =>
      `r${i}: repository(owner: $org, name: $n${i}) { defaultBranchRef { target { oid } } ref(qualifiedName: $t${i}) { target { __typename oid ... on Tag { target { __typename oid } } } } }`,
  ).join('\n');
  return `query TrainTags($org: String!, ${vars}) {\n${fields}\n}`;
}

async function readTagPage(octokit: BotOctokit, org: string, page: readonly { repo: string; tag: string }[]): Promise<Map<string, TagSighting>> {
  const variables: Record<string, string> = { org };
  page.forEach((w, i) => {
    variables[`n${i}`] = w.repo;
    variables[`t${i}`] = `refs/tags/${w.tag}`;
  });
  let data: Record<string, SightingNode | null>;
  try {
    data = await octokit.graphql<Record<string, SightingNode | null>>(tagsQuery(page.length), variables);
  } catch (error) {
    // A repository that is gone answers null with a NOT_FOUND error; the others are still in `data`.
    const partial = (error as { data?: Record<string, SightingNode | null> }).data;
    if (!partial) throw error;
    data = partial;
  }
  const out = new Map<string, TagSighting>();
  page.forEach((w, i) => {
    const node = data[`r${i}`];
    out.set(w.repo, {
      headSha: node?.defaultBranchRef?.target?.oid ?? null,
      tagCommitSha: node?.ref?.target ? peel(node.ref.target) : null,
    });
  });
  return out;
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
    repoFile: repoFileOf(n.repoFile),
  };
}

/** The file as `object(expression:)` shows it: a Blob with its text, a Tree (a directory), or nothing. */
function repoFileOf(o: RepoNode['repoFile']): RepoFile {
  if (o === null) return { kind: 'absent' };
  if (o.__typename !== 'Blob') return { kind: 'invalid', problems: ['is a directory, not a file'] };
  if (o.isTruncated) return { kind: 'invalid', problems: ['is too large to read'] };
  if (o.isBinary || typeof o.text !== 'string') return { kind: 'invalid', problems: ['is not a text file'] };
  return parseRepoFile(o.text);
}

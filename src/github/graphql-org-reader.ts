import type { BotOctokit } from './make-octokit.js';
import type { CommitChecks, OrgReader, RepoSnapshot, TagSighting } from '../workflows/ports/github.js';
import { parseRepoFile } from '../config.js';
import { REPO_FILE_PATH, type RepoFile } from '../domain/repo-file.js';

/** The newest commits read per repository; a connector with more unreleased commits than this is read again over REST. */
export const HISTORY_DEPTH = 100;

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
      statusCheckRollup?: { contexts: { nodes: (RollupContext | null)[] } } | null;
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

  async snapshotRepos(filter: (name: string) => boolean, o: { checks?: boolean } = {}): Promise<RepoSnapshot[]> {
    const out: RepoSnapshot[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page: Page = await this.octokit.graphql<Page>(orgQuery(o.checks ?? false), { org: this.org, cursor });
      if (!page.organization) throw new Error(`GitHub has no organisation ${this.org}`);
      const { nodes, pageInfo } = page.organization.repositories;
      for (const n of nodes) if (filter(n.name)) out.push(toSnapshot(n, o.checks ?? false));
      if (!pageInfo.hasNextPage) return out;
      cursor = pageInfo.endCursor;
    }
  }

  async readTags(wanted: readonly Wanted[]): Promise<Map<string, TagSighting>> {
    const pages: (typeof wanted)[] = [];
    for (let i = 0; i < wanted.length; i += TAGS_PER_REQUEST) pages.push(wanted.slice(i, i + TAGS_PER_REQUEST));
    // The pages at once: the Octokit's groups bound how many are in flight.
    const answers = await Promise.all(pages.map((p) => readTagPage(this.octokit, this.org, p)));
    return new Map(answers.flatMap((m) => [...m]));
  }
}

/** Repositories looked up by alias in one `readTags` request (GitHub's node limit is far above this). */
export const TAGS_PER_REQUEST = 100;

type Wanted = { repo: string; tag: string; checksOf?: string };

type RollupContext =
  | { __typename: 'CheckRun'; name: string; status: string; conclusion: string | null; detailsUrl: string | null; permalink: string }
  | { __typename: 'StatusContext'; context: string; state: string; targetUrl: string | null };

interface SightingNode {
  defaultBranchRef: { target: { oid: string } | null } | null;
  ref: { target: Target | null } | null;
  commit?: { statusCheckRollup?: { contexts: { nodes: (RollupContext | null)[] } } | null } | null;
}

/**
 * A commit's status check rollup: its latest check runs and the latest status of each context,
 * the same two things the REST reads give (100 contexts; a commit with more is rare enough).
 * Not `databaseId`: check run ids passed 2^31 and GraphQL's `Int` cannot carry them.
 * https://docs.github.com/graphql/reference/objects#statuscheckrollup
 */
const ROLLUP = `statusCheckRollup { contexts(first: 100) { nodes { __typename
  ... on CheckRun { name status conclusion detailsUrl permalink }
  ... on StatusContext { context state targetUrl } } } }`;

/** Every repository with its default branch's history and tags; with `withChecks`, its head's status check rollup too. */
const orgQuery = (withChecks: boolean) => `
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
              }${withChecks ? ` ${ROLLUP}` : ''}
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

/** One aliased `repository` per wanted tag; names, tags and commits travel as variables, never spliced into the query. */
function tagsQuery(page: readonly Wanted[]): string {
  const vars = page.map((w, i) => `$n${i}: String!, $t${i}: String!${w.checksOf ? `, $s${i}: GitObjectID!` : ''}`).join(', ');
  const fields = page
    .map(
      (w, i) =>
        `r${i}: repository(owner: $org, name: $n${i}) { defaultBranchRef { target { oid } } ref(qualifiedName: $t${i}) { target { __typename oid ... on Tag { target { __typename oid } } } }${
          w.checksOf ? ` commit: object(oid: $s${i}) { ... on Commit { ${ROLLUP} } }` : ''
        } }`,
    )
    .join('\n');
  return `query TrainTags($org: String!, ${vars}) {\n${fields}\n}`;
}

/** The rollup's contexts as the port's checks (GraphQL's enums are upper case, REST's lower). */
function rollupChecks(node: SightingNode['commit']): CommitChecks | null {
  if (!node) return null;
  const contexts = (node.statusCheckRollup?.contexts.nodes ?? []).filter((c): c is RollupContext => c !== null);
  const checks: CommitChecks = { statuses: [], checkRuns: [] };
  for (const c of contexts) {
    if (c.__typename === 'CheckRun')
      checks.checkRuns.push({
        name: c.name,
        status: c.status.toLowerCase(),
        conclusion: c.conclusion?.toLowerCase() ?? null,
        url: c.detailsUrl ?? c.permalink,
      });
    else
      checks.statuses.push({
        context: c.context,
        // EXPECTED (a required status not reported yet) waits like pending
        state: (c.state === 'EXPECTED' ? 'pending' : c.state.toLowerCase()) as CommitChecks['statuses'][number]['state'],
        targetUrl: c.targetUrl,
      });
  }
  return checks;
}

async function readTagPage(octokit: BotOctokit, org: string, page: readonly Wanted[]): Promise<Map<string, TagSighting>> {
  const variables: Record<string, string> = { org };
  page.forEach((w, i) => {
    variables[`n${i}`] = w.repo;
    variables[`t${i}`] = `refs/tags/${w.tag}`;
    if (w.checksOf) variables[`s${i}`] = w.checksOf;
  });
  let data: Record<string, SightingNode | null>;
  try {
    data = await octokit.graphql<Record<string, SightingNode | null>>(tagsQuery(page), variables);
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
      ...(w.checksOf ? { checks: rollupChecks(node?.commit) } : {}),
    });
  });
  return out;
}

function toSnapshot(n: RepoNode, withChecks: boolean): RepoSnapshot {
  const history = n.defaultBranchRef?.target.history;
  return {
    ...(withChecks && n.defaultBranchRef ? { checks: rollupChecks(n.defaultBranchRef.target) } : {}),
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

import { describe, expect, it } from 'vitest';
import { useEmulators } from './emulator-harness.js';

describe('GitHubEmulator GraphQL', () => {
  const start = useEmulators();

  // The query shape the bot can use to read every repository's tags in pages of 100.
  const ORG_TAGS = /* GraphQL */ `
    query OrgTags($org: String!, $cursor: String) {
      organization(login: $org) {
        repositories(first: 100, after: $cursor, orderBy: { field: NAME, direction: ASC }) {
          totalCount
          pageInfo { hasNextPage endCursor }
          nodes {
            name
            nameWithOwner
            isArchived
            url
            defaultBranchRef {
              name
              target {
                __typename
                oid
                ... on Commit {
                  history(first: 100) {
                    totalCount
                    pageInfo { hasNextPage endCursor }
                    nodes { oid messageHeadline committedDate author { name email user { login } } }
                  }
                }
              }
            }
            refs(refPrefix: "refs/tags/", first: 100, orderBy: { field: TAG_COMMIT_DATE, direction: DESC }) {
              totalCount
              pageInfo { hasNextPage endCursor }
              nodes {
                name
                target {
                  __typename
                  oid
                  ... on Tag { target { __typename oid } }
                }
              }
            }
          }
        }
      }
    }`;

  interface OrgTagsPage {
    organization: {
      repositories: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: {
          name: string;
          isArchived: boolean;
          defaultBranchRef: {
            name: string;
            target: {
              __typename: string;
              oid: string;
              history: { totalCount: number; nodes: { oid: string; messageHeadline: string; author: { user: { login: string } | null } }[] };
            };
          } | null;
          refs: { totalCount: number; nodes: { name: string; target: { __typename: string; oid: string; target?: { __typename: string; oid: string } } }[] };
        }[];
      };
    };
  }

  it('pages the organisation by 100 with tags and default-branch history', async () => {
    const { github, octokit } = await start();
    for (let i = 0; i < 150; i++) {
      const name = `connector-${String(i).padStart(3, '0')}`;
      github.createRepo(name, { archived: i % 50 === 0 });
      github.commit(name, 'feat: start');
      github.tag(name, '1.0.0', { annotated: true, message: 'first' });
      github.commit(name, `fix: change in ${name}`, { author: { name: 'Ann', email: 'ann@example.com', username: 'ann' } });
      github.tag(name, '1.0.1');
    }
    github.createRepo('empty');

    const repos: OrgTagsPage['organization']['repositories']['nodes'] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: OrgTagsPage = await octokit.graphql<OrgTagsPage>(ORG_TAGS, { org: 'acme', cursor });
      repos.push(...page.organization.repositories.nodes);
      expect(page.organization.repositories.totalCount).toBe(151);
      cursor = page.organization.repositories.pageInfo.hasNextPage ? page.organization.repositories.pageInfo.endCursor : null;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(repos).toHaveLength(151);
    expect(github.stats.graphql).toBe(2);

    const empty = repos.find((r) => r.name === 'empty')!;
    expect(empty.defaultBranchRef).toBeNull();
    expect(empty.refs.totalCount).toBe(0);

    const repo = repos.find((r) => r.name === 'connector-050')!;
    expect(repo.isArchived).toBe(true);
    const head = github.head('connector-050');
    expect(repo.defaultBranchRef!.name).toBe('main');
    expect(repo.defaultBranchRef!.target).toMatchObject({ __typename: 'Commit', oid: head });
    expect(repo.defaultBranchRef!.target.history.totalCount).toBe(2);
    expect(repo.defaultBranchRef!.target.history.nodes[0]).toMatchObject({
      oid: head,
      messageHeadline: 'fix: change in connector-050',
      author: { user: { login: 'ann' } },
    });
    expect(repo.refs.nodes.map((r) => r.name)).toEqual(['1.0.1', '1.0.0']);
    const [lightweight, annotated] = repo.refs.nodes;
    expect(lightweight!.target).toMatchObject({ __typename: 'Commit', oid: head });
    expect(annotated!.target.__typename).toBe('Tag');
    expect(annotated!.target.target).toEqual({ __typename: 'Commit', oid: github.tags('connector-050')[0]!.sha });
  });

  it('answers GitHub errors: more than 100 a page, more than 500,000 nodes, an unknown repository, an unknown field', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    const tooMany = await octokit.graphql('{ organization(login: "acme") { repositories(first: 101) { totalCount } } }').catch((e: unknown) => e);
    expect((tooMany as { errors: unknown[] }).errors).toEqual([
      expect.objectContaining({
        type: 'EXCESSIVE_PAGINATION',
        message: 'Requesting 101 records on the `repositories` connection exceeds the `first` limit of 100 records.',
      }),
    ]);
    // Refused before running: no data at all, as on GitHub.
    expect((tooMany as { data?: unknown }).data).toBeUndefined();
    const tooWide = await octokit
      .graphql(`{ organization(login: "acme") { repositories(first: 100) { nodes { refs(refPrefix: "refs/tags/", first: 100) {
          nodes { target { ... on Commit { history(first: 100) { totalCount } } } } } } } } }`)
      .catch((e: unknown) => e);
    expect((tooWide as { errors: unknown[] }).errors).toEqual([
      expect.objectContaining({ type: 'MAX_NODE_LIMIT_EXCEEDED', message: expect.stringContaining('requesting up to 1,010,100 possible nodes') }),
    ]);
    expect(github.stats.graphql).toBe(2);
    const unknown = await octokit.graphql('{ repository(owner: "acme", name: "nope") { name } }').catch((e: unknown) => e);
    expect((unknown as { errors: unknown[] }).errors).toEqual([
      expect.objectContaining({ type: 'NOT_FOUND', path: ['repository'], message: "Could not resolve to a Repository with the name 'acme/nope'." }),
    ]);
    const badField = await octokit.graphql('{ repository(owner: "acme", name: "widget") { stars } }').catch((e: unknown) => e);
    expect((badField as { errors: { message: string }[] }).errors[0]!.message).toContain('Cannot query field "stars"');
  });

  it('compares two refs', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    github.commit('widget', 'feat: one');
    github.tag('widget', 'v1.0.0', { annotated: true });
    github.commit('widget', 'fix: two');
    github.commit('widget', 'feat: three');
    const res = await octokit.graphql<{
      repository: { ref: { compare: { aheadBy: number; behindBy: number; status: string; commits: { nodes: { messageHeadline: string }[] } } } };
    }>(
      `query($owner: String!, $name: String!) {
        repository(owner: $owner, name: $name) {
          ref(qualifiedName: "refs/tags/v1.0.0") { compare(headRef: "main") { aheadBy behindBy status commits(first: 100) { nodes { messageHeadline } } } }
        }
      }`,
      { owner: 'acme', name: 'widget' },
    );
    expect(res.repository.ref.compare).toEqual({
      aheadBy: 2,
      behindBy: 0,
      status: 'AHEAD',
      commits: { nodes: [{ messageHeadline: 'fix: two' }, { messageHeadline: 'feat: three' }] },
    });
  });

  it('reads a file at the default branch with object(expression: "HEAD:path"), on a page of repositories', async () => {
    const { github, octokit } = await start();
    github.createRepo('connector-a');
    github.commit('connector-a', 'chore: settings', { files: { '.github/release-bot.yml': 'tagPrefix: v\n', 'src/a.ts': 'x' } });
    github.commit('connector-a', 'chore: later', { branch: 'develop', files: { '.github/release-bot.yml': 'tagPrefix: dev-\n' } });
    github.createRepo('connector-b');
    github.commit('connector-b', 'feat: start');
    github.createRepo('empty');
    const res = await octokit.graphql<{
      organization: {
        repositories: {
          nodes: { name: string; file: { __typename: string; text?: string | null; isBinary?: boolean; byteSize?: number; oid: string } | null }[];
        };
      };
    }>(`{ organization(login: "acme") { repositories(first: 100, orderBy: { field: NAME, direction: ASC }) { nodes {
          name
          file: object(expression: "HEAD:.github/release-bot.yml") { __typename oid ... on Blob { text isBinary byteSize isTruncated } }
        } } } }`);
    expect(res.organization.repositories.nodes).toEqual([
      {
        name: 'connector-a',
        file: { __typename: 'Blob', oid: expect.stringMatching(/^[0-9a-f]{40}$/), text: 'tagPrefix: v\n', isBinary: false, byteSize: 13, isTruncated: false },
      },
      { name: 'connector-b', file: null },
      { name: 'empty', file: null },
    ]);
    const other = await octokit.graphql<{
      repository: Record<string, { __typename: string; text?: string } | null>;
    }>(`{ repository(owner: "acme", name: "connector-a") {
        onBranch: object(expression: "develop:.github/release-bot.yml") { __typename ... on Blob { text } }
        dir: object(expression: "HEAD:src") { __typename }
        head: object(expression: "HEAD") { __typename }
        missing: object(expression: "HEAD:nope.yml") { __typename }
      } }`);
    expect(other.repository).toEqual({
      onBranch: { __typename: 'Blob', text: 'tagPrefix: dev-\n' },
      dir: { __typename: 'Tree' },
      head: { __typename: 'Commit' },
      missing: null,
    });
  });
});

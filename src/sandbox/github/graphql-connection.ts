import { type ASTNode, GraphQLError } from 'graphql';

/** GitHub's error `type`s that clients branch on. */
export type GitHubErrorType = 'NOT_FOUND' | 'EXCESSIVE_PAGINATION' | 'MISSING_PAGINATION_BOUNDARIES' | 'INVALID_CURSOR_ARGUMENTS' | 'MAX_NODE_LIMIT_EXCEEDED';

/** Where in the query an error found before execution is: GitHub reports `path` and `locations`. */
export interface Where {
  path?: readonly string[];
  node?: ASTNode;
}

/** An error GitHub reports with a `type` beside `message`, `path` and `locations`. */
export class GitHubGraphQLError extends GraphQLError {
  constructor(
    message: string,
    readonly type: GitHubErrorType,
    at?: Where,
  ) {
    super(message, { extensions: { type }, ...(at?.path ? { path: at.path } : {}), ...(at?.node ? { nodes: at.node } : {}) });
  }
}

export const MAX_PAGE = 100;
export const MAX_NODES = 500_000;

export function nodeLimitExceeded(connection: string, nodes: number, at?: Where): GitHubGraphQLError {
  const message = `By the time this query traverses to the ${connection} connection, it is requesting up to ${nodes.toLocaleString('en-US')} possible nodes which exceeds the maximum limit of ${MAX_NODES.toLocaleString('en-US')}.`;
  return new GitHubGraphQLError(message, 'MAX_NODE_LIMIT_EXCEEDED', at);
}

export function excessivePagination(first: number, connection: string, at?: Where): GitHubGraphQLError {
  const message = `Requesting ${first} records on the \`${connection}\` connection exceeds the \`first\` limit of ${MAX_PAGE} records.`;
  return new GitHubGraphQLError(message, 'EXCESSIVE_PAGINATION', at);
}

export function missingBoundaries(connection: string, at?: Where): GitHubGraphQLError {
  const message = `You must provide a \`first\` or \`last\` value to properly paginate the \`${connection}\` connection.`;
  return new GitHubGraphQLError(message, 'MISSING_PAGINATION_BOUNDARIES', at);
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Connection<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  nodes: N[];
  edges: { cursor: string; node: N }[];
}

/** Opaque to clients, like GitHub's (`Y3Vyc29yOnYyOpHO…`): here base64 of the item's position. */
export function encodeCursor(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString('base64');
}

function decodeCursor(cursor: string): number {
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!match) throw new GitHubGraphQLError(`\`${cursor}\` does not appear to be a valid cursor.`, 'INVALID_CURSOR_ARGUMENTS');
  return Number(match[1]);
}

/** A Relay connection over a list already in its final order. */
export function connection<T, N>(name: string, items: T[], args: PageArgs, toNode: (item: T) => N): Connection<N> {
  // The same checks run before execution (graphql-pagination-check.ts); these guard direct use.
  if (args.first === undefined || args.first === null) throw missingBoundaries(name);
  if (args.first > MAX_PAGE) throw excessivePagination(args.first, name);
  const start = args.after ? decodeCursor(args.after) + 1 : 0;
  const slice = items.slice(start, start + Math.max(0, args.first));
  const edges = slice.map((item, i) => ({ cursor: encodeCursor(start + i), node: toNode(item) }));
  return {
    totalCount: items.length,
    pageInfo: {
      hasNextPage: start + slice.length < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    nodes: edges.map((e) => e.node),
    edges,
  };
}

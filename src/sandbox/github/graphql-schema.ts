import { type GraphQLSchema, buildSchema } from 'graphql';

/**
 * A subset of GitHub's public GraphQL schema, with GitHub's names, types and nullability, so a
 * query that runs here runs on github.com too (the reverse holds only for these fields).
 * https://docs.github.com/graphql/reference
 */
export const GITHUB_SDL = /* GraphQL */ `
  scalar DateTime
  scalar GitObjectID
  scalar GitTimestamp
  scalar URI

  enum OrderDirection { ASC DESC }
  enum RepositoryOrderField { CREATED_AT UPDATED_AT PUSHED_AT NAME STARGAZERS }
  enum RefOrderField { TAG_COMMIT_DATE ALPHABETICAL }
  enum RepositoryPrivacy { PUBLIC PRIVATE }
  enum ComparisonStatus { DIVERGED AHEAD BEHIND IDENTICAL }

  input RepositoryOrder { field: RepositoryOrderField! direction: OrderDirection! }
  input RefOrder { field: RefOrderField! direction: OrderDirection! }

  interface Node { id: ID! }

  interface GitObject {
    abbreviatedOid: String!
    commitUrl: URI!
    id: ID!
    oid: GitObjectID!
    repository: Repository!
  }

  type PageInfo {
    endCursor: String
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
  }

  type RateLimit { cost: Int! limit: Int! nodeCount: Int! remaining: Int! resetAt: DateTime! used: Int! }

  type Query {
    organization(login: String!): Organization
    repository(owner: String!, name: String!, followRenames: Boolean = true): Repository
    rateLimit(dryRun: Boolean = false): RateLimit
  }

  type Organization implements Node {
    id: ID!
    login: String!
    name: String
    url: URI!
    repositories(
      first: Int
      after: String
      orderBy: RepositoryOrder
      isArchived: Boolean
      privacy: RepositoryPrivacy
    ): RepositoryConnection!
  }

  type RepositoryConnection {
    edges: [RepositoryEdge]
    nodes: [Repository]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type RepositoryEdge { cursor: String! node: Repository }

  type Repository implements Node {
    id: ID!
    databaseId: Int
    name: String!
    nameWithOwner: String!
    isArchived: Boolean!
    isPrivate: Boolean!
    url: URI!
    createdAt: DateTime!
    pushedAt: DateTime
    defaultBranchRef: Ref
    ref(qualifiedName: String!): Ref
    refs(first: Int, after: String, refPrefix: String!, query: String, orderBy: RefOrder, direction: OrderDirection): RefConnection
    object(oid: GitObjectID, expression: String): GitObject
  }

  type RefConnection {
    edges: [RefEdge]
    nodes: [Ref]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type RefEdge { cursor: String! node: Ref }

  type Ref implements Node {
    id: ID!
    name: String!
    prefix: String!
    repository: Repository!
    target: GitObject
    compare(headRef: String!): Comparison
  }

  type Comparison implements Node {
    id: ID!
    aheadBy: Int!
    behindBy: Int!
    status: ComparisonStatus!
    baseTarget: GitObject!
    headTarget: GitObject!
    commits(first: Int, after: String): ComparisonCommitConnection!
  }

  type ComparisonCommitConnection {
    authorCount: Int!
    edges: [CommitEdge]
    nodes: [Commit]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type GitActor { name: String email: String date: GitTimestamp user: User }
  type User implements Node { id: ID! login: String! url: URI! }

  type Commit implements Node & GitObject {
    id: ID!
    oid: GitObjectID!
    abbreviatedOid: String!
    commitUrl: URI!
    url: URI!
    repository: Repository!
    message: String!
    messageHeadline: String!
    messageBody: String!
    committedDate: DateTime!
    authoredDate: DateTime!
    author: GitActor
    committer: GitActor
    parents(first: Int, after: String): CommitConnection!
    history(first: Int, after: String, since: GitTimestamp, until: GitTimestamp): CommitHistoryConnection!
    statusCheckRollup: StatusCheckRollup
  }

  enum StatusState { ERROR EXPECTED FAILURE PENDING SUCCESS }
  enum CheckStatusState { COMPLETED IN_PROGRESS PENDING QUEUED REQUESTED WAITING }
  enum CheckConclusionState { ACTION_REQUIRED CANCELLED FAILURE NEUTRAL SKIPPED STALE STARTUP_FAILURE SUCCESS TIMED_OUT }

  type StatusCheckRollup implements Node {
    id: ID!
    commit: Commit
    state: StatusState!
    contexts(first: Int, after: String): StatusCheckRollupContextConnection!
  }
  union StatusCheckRollupContext = CheckRun | StatusContext
  type StatusCheckRollupContextEdge { cursor: String! node: StatusCheckRollupContext }
  type StatusCheckRollupContextConnection {
    edges: [StatusCheckRollupContextEdge]
    nodes: [StatusCheckRollupContext]
    pageInfo: PageInfo!
    totalCount: Int!
  }
  type CheckRun implements Node {
    id: ID!
    databaseId: Int
    name: String!
    status: CheckStatusState!
    conclusion: CheckConclusionState
    detailsUrl: URI
    permalink: URI!
    startedAt: DateTime
    completedAt: DateTime
  }
  type StatusContext implements Node {
    id: ID!
    context: String!
    state: StatusState!
    targetUrl: URI
    description: String
    createdAt: DateTime!
  }

  type CommitEdge { cursor: String! node: Commit }
  type CommitConnection { edges: [CommitEdge] nodes: [Commit] pageInfo: PageInfo! totalCount: Int! }
  type CommitHistoryConnection { edges: [CommitEdge] nodes: [Commit] pageInfo: PageInfo! totalCount: Int! }

  # A file at a revision: \`object(expression: "HEAD:path")\`. No \`isTruncated\` text here: the
  # emulator never truncates. https://docs.github.com/graphql/reference/objects#blob
  type Blob implements Node & GitObject {
    id: ID!
    oid: GitObjectID!
    abbreviatedOid: String!
    commitUrl: URI!
    repository: Repository!
    byteSize: Int!
    isBinary: Boolean
    isTruncated: Boolean!
    text: String
  }

  # A directory at a revision (its entries are not emulated). https://docs.github.com/graphql/reference/objects#tree
  type Tree implements Node & GitObject {
    id: ID!
    oid: GitObjectID!
    abbreviatedOid: String!
    commitUrl: URI!
    repository: Repository!
  }

  type Tag implements Node & GitObject {
    id: ID!
    oid: GitObjectID!
    abbreviatedOid: String!
    commitUrl: URI!
    repository: Repository!
    name: String!
    message: String
    tagger: GitActor
    target: GitObject!
  }
`;

export function buildGitHubSchema(): GraphQLSchema {
  return buildSchema(GITHUB_SDL);
}

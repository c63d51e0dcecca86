import type { GitModel } from './git-model.js';
import type { GitCommit, GitTagObject, RefTarget, RepoRecord, Signature } from './git-objects.js';
import { blobSha, comparisonStatus, messageBody, messageHeadline, treeSha } from './git-objects.js';
import { type GitHubUrls, accountId, nodeId } from './github-urls.js';
import { GitHubGraphQLError, type PageArgs, connection } from './graphql-connection.js';
import type { ChecksBook } from './checks-book.js';
import { statusCheckRollup } from './graphql-checks.js';

export interface GraphqlContext {
  org: string;
  git: GitModel;
  checks: ChecksBook;
  urls(): GitHubUrls;
}

// graphql-js's default resolver reads a property or calls a method with (args, context, info),
// and resolves an interface from `__typename`: each GitHub type is a small class below.

type Order = { field: string; direction: 'ASC' | 'DESC' } | null | undefined;

function actor(c: GraphqlContext, s: Signature) {
  const login = s.username;
  return {
    name: s.name,
    email: s.email,
    date: s.date,
    user: login ? { id: nodeId('User', accountId(login)), login, url: `${c.urls().origin}/${login}` } : null,
  };
}

export function gitObjectNode(c: GraphqlContext, repo: RepoRecord, target: RefTarget): CommitNode | TagNode | null {
  if (target.type === 'tag') {
    const tagObject = repo.tagObjects.get(target.sha);
    return tagObject ? new TagNode(c, repo, tagObject) : null;
  }
  const commit = repo.commits.get(target.sha);
  return commit ? new CommitNode(c, repo, commit) : null;
}

export class CommitNode {
  readonly __typename = 'Commit';
  constructor(
    private readonly c: GraphqlContext,
    private readonly repo: RepoRecord,
    private readonly commit: GitCommit,
  ) {}
  id = () => nodeId('Commit', `${this.repo.id}:${this.commit.sha}`);
  oid = () => this.commit.sha;
  abbreviatedOid = () => this.commit.sha.slice(0, 7);
  url = () => this.c.urls().commitHtml(this.repo.name, this.commit.sha);
  commitUrl = () => this.url();
  repository = () => new RepositoryNode(this.c, this.repo);
  message = () => this.commit.message;
  messageHeadline = () => messageHeadline(this.commit.message);
  messageBody = () => messageBody(this.commit.message);
  committedDate = () => this.commit.committer.date;
  authoredDate = () => this.commit.author.date;
  author = () => actor(this.c, this.commit.author);
  committer = () => actor(this.c, this.commit.committer);
  parents = (args: PageArgs) =>
    connection(
      'parents',
      this.commit.parents.map((p) => this.repo.commits.get(p)!),
      args,
      (p) => new CommitNode(this.c, this.repo, p),
    );
  statusCheckRollup = () => statusCheckRollup(this.c, this.repo, this.commit.sha, () => new CommitNode(this.c, this.repo, this.commit));
  history = (args: PageArgs & { since?: string | null; until?: string | null }) => {
    const commits = this.c.git
      .history(this.repo, this.commit.sha)
      .filter((h) => (!args.since || h.committer.date >= args.since) && (!args.until || h.committer.date <= args.until));
    return connection('history', commits, args, (h) => new CommitNode(this.c, this.repo, h));
  };
}

export class TagNode {
  readonly __typename = 'Tag';
  constructor(
    private readonly c: GraphqlContext,
    private readonly repo: RepoRecord,
    private readonly tag: GitTagObject,
  ) {}
  id = () => nodeId('Tag', `${this.repo.id}:${this.tag.sha}`);
  oid = () => this.tag.sha;
  abbreviatedOid = () => this.tag.sha.slice(0, 7);
  commitUrl = () => this.c.urls().commitHtml(this.repo.name, this.c.git.peel(this.repo, this.tag.object));
  repository = () => new RepositoryNode(this.c, this.repo);
  name = () => this.tag.tag;
  message = () => this.tag.message;
  tagger = () => actor(this.c, this.tag.tagger);
  target = () => gitObjectNode(this.c, this.repo, this.tag.object);
}

export class ComparisonNode {
  constructor(
    private readonly c: GraphqlContext,
    private readonly repo: RepoRecord,
    private readonly base: RefTarget,
    private readonly head: RefTarget,
    private readonly ahead: GitCommit[],
    readonly behindBy: number,
  ) {}
  id = () => nodeId('Comparison', `${this.repo.id}:${this.base.sha}...${this.head.sha}`);
  aheadBy = () => this.ahead.length;
  status = () => comparisonStatus(this.ahead.length, this.behindBy).toUpperCase();
  baseTarget = () => gitObjectNode(this.c, this.repo, this.base);
  headTarget = () => gitObjectNode(this.c, this.repo, this.head);
  commits = (args: PageArgs) => ({
    ...connection('commits', this.ahead, args, (h) => new CommitNode(this.c, this.repo, h)),
    authorCount: new Set(this.ahead.map((h) => h.author.email)).size,
  });
}

export class RefNode {
  constructor(
    private readonly c: GraphqlContext,
    private readonly repo: RepoRecord,
    private readonly qualified: string,
    private readonly tgt: RefTarget,
    readonly prefix: string,
  ) {}
  id = () => nodeId('Ref', `${this.repo.id}:${this.qualified}`);
  name = () => this.qualified.slice(this.prefix.length);
  repository = () => new RepositoryNode(this.c, this.repo);
  target = () => gitObjectNode(this.c, this.repo, this.tgt);
  compare = ({ headRef }: { headRef: string }) => {
    const head = this.c.git.resolveRef(this.repo, headRef);
    if (!head) return null;
    const cmp = this.c.git.compare(this.repo, this.c.git.peel(this.repo, this.tgt), this.c.git.peel(this.repo, head.target));
    return cmp ? new ComparisonNode(this.c, this.repo, this.tgt, head.target, cmp.ahead, cmp.behindBy) : null;
  };
}

function refNode(c: GraphqlContext, repo: RepoRecord, qualified: string, target: RefTarget): RefNode {
  const prefix = qualified.startsWith('refs/heads/') ? 'refs/heads/' : 'refs/tags/';
  return new RefNode(c, repo, qualified, target, prefix);
}

export class RepositoryNode {
  constructor(
    private readonly c: GraphqlContext,
    private readonly repo: RepoRecord,
  ) {}
  id = () => nodeId('Repository', this.repo.id);
  databaseId = () => this.repo.id;
  name = () => this.repo.name;
  nameWithOwner = () => `${this.c.org}/${this.repo.name}`;
  isArchived = () => this.repo.archived;
  isPrivate = () => this.repo.private;
  url = () => this.c.urls().repoHtml(this.repo.name);
  createdAt = () => this.repo.createdAt;
  pushedAt = () => this.repo.pushedAt;
  defaultBranchRef = () => {
    const sha = this.repo.heads.get(this.repo.defaultBranch);
    return sha ? refNode(this.c, this.repo, `refs/heads/${this.repo.defaultBranch}`, { type: 'commit', sha }) : null;
  };
  ref = ({ qualifiedName }: { qualifiedName: string }) => {
    const found = this.c.git.resolveRef(this.repo, qualifiedName);
    return found ? refNode(this.c, this.repo, found.ref, found.target) : null;
  };
  refs = (args: PageArgs & { refPrefix: string; query?: string | null; orderBy?: Order; direction?: 'ASC' | 'DESC' | null }) => {
    const all = [
      ...[...this.repo.heads].map(([n, sha]) => ({ ref: `refs/heads/${n}`, target: { type: 'commit' as const, sha } })),
      ...[...this.repo.tags].map(([n, target]) => ({ ref: `refs/tags/${n}`, target })),
    ].filter((r) => r.ref.startsWith(args.refPrefix) && (!args.query || r.ref.slice(args.refPrefix.length).includes(args.query)));
    const sortKey = (r: { ref: string; target: RefTarget }): string => {
      if (args.orderBy?.field !== 'TAG_COMMIT_DATE') return r.ref;
      const commit = this.repo.commits.get(this.c.git.peel(this.repo, r.target));
      return `${commit?.committer.date ?? ''}\0${String(commit?.seq ?? 0).padStart(12, '0')}\0${r.ref}`;
    };
    const desc = (args.orderBy?.direction ?? args.direction) === 'DESC';
    all.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0) * (desc ? -1 : 1));
    return connection('refs', all, args, (r) => new RefNode(this.c, this.repo, r.ref, r.target, args.refPrefix));
  };
  object = ({ oid, expression }: { oid?: string | null; expression?: string | null }) => {
    if (oid) {
      const type = this.c.git.objectType(this.repo, oid);
      return type ? gitObjectNode(this.c, this.repo, { type, sha: oid }) : null;
    }
    return expression ? revParse(this.c, this.repo, expression) : null;
  };
}

/**
 * `object(expression:)`: "A Git revision expression suitable for rev-parse": a revision (`HEAD`
 * is the default branch's head), or `<rev>:<path>` for a file or directory at it (an empty
 * revision is `HEAD`). https://docs.github.com/graphql/reference/objects#repository
 */
function revParse(c: GraphqlContext, repo: RepoRecord, expression: string): CommitNode | BlobNode | TreeNode | null {
  const colon = expression.indexOf(':');
  const rev = colon === -1 ? expression : expression.slice(0, colon) || 'HEAD';
  const commit = c.git.resolveCommit(repo, rev === 'HEAD' ? repo.defaultBranch : rev);
  if (!commit) return null;
  if (colon === -1) return new CommitNode(c, repo, commit);
  const path = expression
    .slice(colon + 1)
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
  const content = commit.files.get(path);
  if (content !== undefined) return new BlobNode(c, repo, commit, content);
  const inside = [...commit.files].filter(([file]) => path === '' || file.startsWith(`${path}/`));
  return inside.length > 0 ? new TreeNode(c, repo, commit, inside) : null;
}

export class BlobNode {
  readonly __typename = 'Blob';
  private readonly sha: string;
  constructor(
    private readonly c: GraphqlContext,
    private readonly repo: RepoRecord,
    private readonly commit: GitCommit,
    private readonly content: string,
  ) {
    this.sha = blobSha(content);
  }
  id = () => nodeId('Blob', `${this.repo.id}:${this.sha}`);
  oid = () => this.sha;
  abbreviatedOid = () => this.sha.slice(0, 7);
  commitUrl = () => this.c.urls().commitHtml(this.repo.name, this.commit.sha);
  repository = () => new RepositoryNode(this.c, this.repo);
  byteSize = () => Buffer.byteLength(this.content, 'utf8');
  isBinary = () => this.content.includes('\0');
  isTruncated = () => false;
  // "UTF8 text data or null if the Blob is binary"
  text = () => (this.isBinary() ? null : this.content);
}

export class TreeNode {
  readonly __typename = 'Tree';
  private readonly sha: string;
  constructor(
    private readonly c: GraphqlContext,
    private readonly repo: RepoRecord,
    private readonly commit: GitCommit,
    files: [string, string][],
  ) {
    this.sha = treeSha(new Map(files));
  }
  id = () => nodeId('Tree', `${this.repo.id}:${this.sha}`);
  oid = () => this.sha;
  abbreviatedOid = () => this.sha.slice(0, 7);
  commitUrl = () => this.c.urls().commitHtml(this.repo.name, this.commit.sha);
  repository = () => new RepositoryNode(this.c, this.repo);
}

type RepoFilter = PageArgs & { orderBy?: Order; isArchived?: boolean | null; privacy?: 'PUBLIC' | 'PRIVATE' | null };

const REPO_ORDER: Record<string, (r: RepoRecord) => string> = {
  NAME: (r) => r.name.toLowerCase(),
  CREATED_AT: (r) => `${r.createdAt}\0${String(r.id).padStart(12, '0')}`,
  UPDATED_AT: (r) => r.pushedAt,
  PUSHED_AT: (r) => r.pushedAt,
  STARGAZERS: () => '',
};

export class OrganizationNode {
  constructor(private readonly c: GraphqlContext) {}
  id = () => nodeId('Organization', accountId(this.c.org));
  login = () => this.c.org;
  name = () => this.c.org;
  url = () => `${this.c.urls().origin}/${this.c.org}`;
  repositories = (args: RepoFilter) => {
    const key = REPO_ORDER[args.orderBy?.field ?? 'CREATED_AT'] ?? REPO_ORDER.CREATED_AT!;
    const desc = args.orderBy?.direction === 'DESC';
    const repos = this.c.git
      .list()
      .filter((r) => (args.isArchived == null || r.archived === args.isArchived) && (!args.privacy || r.private === (args.privacy === 'PRIVATE')))
      .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (desc ? -1 : 1));
    return connection('repositories', repos, args, (r) => new RepositoryNode(this.c, r));
  };
}

export class QueryRoot {
  constructor(private readonly c: GraphqlContext) {}
  organization = ({ login }: { login: string }) => {
    if (login.toLowerCase() !== this.c.org.toLowerCase()) {
      throw new GitHubGraphQLError(`Could not resolve to an Organization with the login of '${login}'.`, 'NOT_FOUND');
    }
    return new OrganizationNode(this.c);
  };
  repository = ({ owner, name }: { owner: string; name: string }) => {
    const repo = owner.toLowerCase() === this.c.org.toLowerCase() ? this.c.git.find(name) : undefined;
    if (!repo) throw new GitHubGraphQLError(`Could not resolve to a Repository with the name '${owner}/${name}'.`, 'NOT_FOUND');
    return new RepositoryNode(this.c, repo);
  };
  rateLimit = () => ({ cost: 1, limit: 5000, nodeCount: 0, remaining: 4999, resetAt: new Date(Date.now() + 3_600_000).toISOString(), used: 1 });
}

import { type GitCommit, type GitTagObject, type Person, type RefTarget, type RepoRecord, diffFiles, isoSeconds, sha1, treeSha } from './git-objects.js';

export const DEFAULT_AUTHOR: Required<Person> = {
  name: 'Sandbox Developer',
  email: 'sandbox-dev@users.noreply.github.com',
  username: 'sandbox-dev',
};

export interface CommitOptions {
  branch?: string;
  author?: Person;
  committer?: Person;
  /** path → new content; `null` removes the file */
  files?: Record<string, string | null>;
}

export interface Comparison {
  mergeBase: GitCommit;
  /** commits on head and not on base, oldest first */
  ahead: GitCommit[];
  behindBy: number;
}

export type CreateRefResult = { ok: true; target: RefTarget } | { ok: false; reason: 'exists' | 'unknown_object' | 'bad_name' };

/** The organisation's repositories as plain git would hold them: commits, branches, tags, tag objects. */
export class GitModel {
  private readonly repos = new Map<string, RepoRecord>();
  private seq = 0;

  constructor(private readonly clock: () => Date) {}

  now(): string {
    return isoSeconds(this.clock());
  }

  createRepo(name: string, o: { archived?: boolean; defaultBranch?: string; private?: boolean } = {}): RepoRecord {
    const key = name.toLowerCase();
    if (this.repos.has(key)) throw new Error(`GitHubEmulator: repository ${name} already exists`);
    const now = this.now();
    const repo: RepoRecord = {
      id: 100_000 + this.repos.size + 1,
      name,
      archived: o.archived ?? false,
      private: o.private ?? false,
      defaultBranch: o.defaultBranch ?? 'main',
      createdAt: now,
      pushedAt: now,
      heads: new Map(),
      tags: new Map(),
      commits: new Map(),
      tagObjects: new Map(),
      releases: [],
    };
    this.repos.set(key, repo);
    return repo;
  }

  find(name: string): RepoRecord | undefined {
    return this.repos.get(name.toLowerCase());
  }

  /** For the developer-facing API: an unknown name is a mistake in the test, not a 404. */
  get(name: string): RepoRecord {
    const repo = this.find(name);
    if (!repo) throw new Error(`GitHubEmulator: no repository named ${name}; call createRepo first`);
    return repo;
  }

  list(): RepoRecord[] {
    return [...this.repos.values()];
  }

  commit(repo: RepoRecord, message: string, o: CommitOptions = {}): GitCommit {
    const branch = o.branch ?? repo.defaultBranch;
    // A new branch starts from the default branch, like `git checkout -b` on a fresh clone.
    const parentSha = repo.heads.get(branch) ?? repo.heads.get(repo.defaultBranch);
    const parent = parentSha ? repo.commits.get(parentSha) : undefined;
    const files = new Map(parent?.files ?? []);
    for (const [path, content] of Object.entries(o.files ?? {})) {
      if (content === null) files.delete(path);
      else files.set(path, content);
    }
    const date = this.now();
    const author = { ...(o.author ?? DEFAULT_AUTHOR), date };
    const committer = { ...(o.committer ?? o.author ?? DEFAULT_AUTHOR), date };
    const seq = ++this.seq;
    const tree = treeSha(files);
    // The sequence number keeps two identical commits apart; the date is left out so that the
    // same script gives the same shas on every run, whatever the clock.
    const sha = sha1(`commit\0${repo.name}\0${seq}\0${tree}\0${parentSha ?? ''}\0${author.name} <${author.email}>\0${message}`);
    const commit: GitCommit = {
      sha,
      seq,
      treeSha: tree,
      message,
      parents: parentSha ? [parentSha] : [],
      author,
      committer,
      files,
      changes: diffFiles(parent?.files ?? new Map(), files),
    };
    repo.commits.set(sha, commit);
    repo.heads.set(branch, sha);
    repo.pushedAt = date;
    return commit;
  }

  /** Branch, tag, `refs/...`, full sha or an unambiguous prefix of 7+ hex digits → commit. */
  resolveCommit(repo: RepoRecord, ref: string): GitCommit | undefined {
    const qualified = this.resolveRef(repo, ref);
    if (qualified) return repo.commits.get(this.peel(repo, qualified.target));
    if (repo.commits.has(ref)) return repo.commits.get(ref);
    if (repo.tagObjects.has(ref)) return repo.commits.get(this.peel(repo, { type: 'tag', sha: ref }));
    if (/^[0-9a-f]{7,39}$/.test(ref)) {
      const matches = [...repo.commits.keys()].filter((sha) => sha.startsWith(ref));
      if (matches.length === 1) return repo.commits.get(matches[0]!);
    }
    return undefined;
  }

  /** `refs/heads/x`, `refs/tags/x`, `heads/x`, `tags/x`, or a bare name (branches win, like git). */
  resolveRef(repo: RepoRecord, name: string): { ref: string; target: RefTarget } | undefined {
    const stripped = name.replace(/^refs\//, '');
    const branch = stripped.startsWith('heads/') ? stripped.slice(6) : stripped === name ? name : undefined;
    const tag = stripped.startsWith('tags/') ? stripped.slice(5) : stripped === name ? name : undefined;
    if (branch !== undefined && repo.heads.has(branch)) {
      return { ref: `refs/heads/${branch}`, target: { type: 'commit', sha: repo.heads.get(branch)! } };
    }
    if (tag !== undefined && repo.tags.has(tag)) return { ref: `refs/tags/${tag}`, target: repo.tags.get(tag)! };
    return undefined;
  }

  /** Follows tag objects down to the commit. */
  peel(repo: RepoRecord, target: RefTarget): string {
    let current = target;
    for (let depth = 0; current.type === 'tag' && depth < 10; depth++) {
      const tagObject = repo.tagObjects.get(current.sha);
      if (!tagObject) break;
      current = tagObject.object;
    }
    return current.sha;
  }

  /**
   * Every commit reachable from `sha` (through all parents, as `git log` walks merges), newest
   * first: commits are ordered by when they were made, as GitHub lists them.
   */
  history(repo: RepoRecord, sha: string): GitCommit[] {
    return [...this.reachable(repo, sha)].map((s) => repo.commits.get(s)!).sort((a, b) => b.seq - a.seq);
  }

  isAncestor(repo: RepoRecord, ancestor: string, of: string): boolean {
    return this.reachable(repo, of).has(ancestor);
  }

  /**
   * Three-dot comparison, as GitHub's compare does: the commits reachable from `head` and not
   * from `base` (oldest first), the merge base (the newest common ancestor), and how many
   * commits `base` has that `head` lacks.
   */
  compare(repo: RepoRecord, base: string, head: string): Comparison | undefined {
    const fromHead = this.reachable(repo, head);
    const fromBase = this.reachable(repo, base);
    const common = [...fromBase].filter((s) => fromHead.has(s)).map((s) => repo.commits.get(s)!);
    if (common.length === 0) return undefined;
    const mergeBase = common.reduce((a, b) => (b.seq > a.seq ? b : a));
    const ahead = [...fromHead]
      .filter((s) => !fromBase.has(s))
      .map((s) => repo.commits.get(s)!)
      .sort((a, b) => a.seq - b.seq);
    const behindBy = [...fromBase].filter((s) => !fromHead.has(s)).length;
    return { mergeBase, ahead, behindBy };
  }

  /**
   * Merges branch `from` into `into`: a fast-forward when `into` is an ancestor of `from` and
   * `ff` allows it, else a merge commit with both heads as parents (`from`'s files win), titled
   * as git titles it. Returns the new head of `into`.
   */
  merge(repo: RepoRecord, from: string, into: string, o: { ff?: boolean; message?: string } = {}): string {
    const theirs = repo.heads.get(from);
    const ours = repo.heads.get(into);
    if (!theirs || !ours) throw new Error(`GitHubEmulator: ${repo.name} has no branch ${theirs ? into : from}`);
    if (this.isAncestor(repo, theirs, ours)) return ours;
    if (o.ff !== false && this.isAncestor(repo, ours, theirs)) {
      repo.heads.set(into, theirs);
      repo.pushedAt = this.now();
      return theirs;
    }
    const files = new Map([...repo.commits.get(ours)!.files, ...repo.commits.get(theirs)!.files]);
    const date = this.now();
    const seq = ++this.seq;
    const tree = treeSha(files);
    const message = o.message ?? `Merge branch '${from}' into ${into}`;
    const sha = sha1(`commit\0${repo.name}\0${seq}\0${tree}\0${ours} ${theirs}\0${message}`);
    const person = { ...DEFAULT_AUTHOR, date };
    repo.commits.set(sha, {
      sha,
      seq,
      treeSha: tree,
      message,
      parents: [ours, theirs],
      author: person,
      committer: person,
      files,
      changes: diffFiles(repo.commits.get(ours)!.files, files),
    });
    repo.heads.set(into, sha);
    repo.pushedAt = date;
    return sha;
  }

  private reachable(repo: RepoRecord, sha: string): Set<string> {
    const seen = new Set<string>();
    const todo = repo.commits.has(sha) ? [sha] : [];
    while (todo.length > 0) {
      const next = todo.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      for (const parent of repo.commits.get(next)?.parents ?? []) if (!seen.has(parent)) todo.push(parent);
    }
    return seen;
  }

  objectType(repo: RepoRecord, sha: string): RefTarget['type'] | undefined {
    if (repo.commits.has(sha)) return 'commit';
    if (repo.tagObjects.has(sha)) return 'tag';
    return undefined;
  }

  createTagObject(repo: RepoRecord, t: { tag: string; message: string; object: string; tagger?: Person; date?: string }): GitTagObject | undefined {
    const type = this.objectType(repo, t.object);
    if (!type) return undefined;
    const tagger = { ...(t.tagger ?? DEFAULT_AUTHOR), date: t.date ?? this.now() };
    const sha = sha1(`tag\0${repo.name}\0${++this.seq}\0${t.object}\0${t.tag}\0${t.message}`);
    const tagObject: GitTagObject = { sha, tag: t.tag, message: t.message, tagger, object: { type, sha: t.object } };
    repo.tagObjects.set(sha, tagObject);
    return tagObject;
  }

  /** Creates `refs/heads/*` or `refs/tags/*`; an existing ref is never moved. */
  createRef(repo: RepoRecord, ref: string, sha: string): CreateRefResult {
    const match = /^refs\/(heads|tags)\/(.+)$/.exec(ref);
    if (!match) return { ok: false, reason: 'bad_name' };
    const [, kind, name] = match as unknown as [string, 'heads' | 'tags', string];
    const type = this.objectType(repo, sha);
    if (!type || (kind === 'heads' && type !== 'commit')) return { ok: false, reason: 'unknown_object' };
    const refs = kind === 'heads' ? repo.heads : repo.tags;
    if (refs.has(name)) return { ok: false, reason: 'exists' };
    if (kind === 'heads') repo.heads.set(name, sha);
    else repo.tags.set(name, { type, sha });
    repo.pushedAt = this.now();
    return { ok: true, target: { type, sha } };
  }
}

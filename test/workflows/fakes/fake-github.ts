import { createHash } from 'node:crypto';
import type { CommitInput } from '../../../src/domain/analyze-commits.js';
import type { TagRef } from '../../../src/domain/last-release.js';
import type { RepoFile } from '../../../src/domain/repo-file.js';
import { parseRepoFile } from '../../../src/config.js';
import type { CommitChecks, GitHubPort, OrgReader, PublishedRelease, RepoInfo, RepoSnapshot, TagSighting } from '../../../src/workflows/ports/github.js';

type Method = keyof GitHubPort | keyof OrgReader;

export interface GitHubCall {
  method: Method;
  repo: string | null;
  args?: Record<string, unknown>;
}

interface StoredRelease extends PublishedRelease {
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  makeLatest: boolean;
}

interface FakeRepo {
  info: RepoInfo;
  /** the default branch, oldest first: one line, so ancestry is an index comparison */
  history: CommitInput[];
  tags: Map<string, string>;
  releases: StoredRelease[];
  /** the text of its `.github/release-bot.yml`, when it has one */
  repoFile?: string;
}

interface Failure {
  method?: Method;
  status: number;
  message: string;
  times: number;
}

/** The file as the real adapters read it: the same parser and schema. */
const repoFileOf = (r: FakeRepo): RepoFile => (r.repoFile === undefined ? { kind: 'absent' } : parseRepoFile(r.repoFile));

const WRITES: ReadonlySet<Method> = new Set(['createAnnotatedTag', 'createRelease']);

/**
 * GitHub as the workflows see it, in memory: repositories with one linear default branch,
 * tags (name → commit), releases. Every call is recorded in `calls`, every write also in
 * `writes`. `failNext` makes the next matching call throw what Octokit throws (an `HttpError`
 * with the status), to drive the runner's transient and permanent paths. It answers the
 * `OrgReader` too, with complete snapshots.
 */
export class FakeGitHub implements GitHubPort, OrgReader {
  readonly calls: GitHubCall[] = [];
  readonly writes: GitHubCall[] = [];
  private readonly repos = new Map<string, FakeRepo>();
  private readonly failures: Failure[] = [];
  private made = 0;
  /** what CI reported, by `repo@sha`: none until a test sets it */
  private readonly checks = new Map<string, CommitChecks>();
  /** how many commits and tags one GraphQL page of `snapshotRepos` shows per repository (all, unless set) */
  snapshotPage = Number.POSITIVE_INFINITY;

  constructor(readonly org = 'acme') {}

  /** A repository whose default branch has these commit messages (oldest first); returns their shas. */
  addRepo(name: string, o: { commits?: string[]; archived?: boolean; defaultBranch?: string } = {}): string[] {
    this.repos.set(name, {
      info: { name, archived: o.archived ?? false, defaultBranch: o.defaultBranch ?? 'main', htmlUrl: `https://github.test/${this.org}/${name}` },
      history: [],
      tags: new Map(),
      releases: [],
    });
    return (o.commits ?? []).map((message) => this.commit(name, message));
  }

  /** A new commit at the head of the default branch. */
  commit(repo: string, message: string, author = 'Ada'): string {
    const r = this.repo(repo);
    const sha = this.sha(`${repo}:${r.history.length}:${message}`);
    r.history.push({ sha, message, author });
    return sha;
  }

  /** A commit on no line of the default branch (another branch, a deleted one): a tag on it is not an ancestor of anything here. */
  sideCommit(repo: string, label = 'side'): string {
    this.repo(repo);
    return this.sha(`${repo}:side:${label}:${this.made++}`);
  }

  /** Puts (or, with null, removes) the repository's `.github/release-bot.yml`. */
  setRepoFile(repo: string, text: string | null): void {
    this.repo(repo).repoFile = text ?? undefined;
  }

  tag(repo: string, name: string, sha: string): void {
    this.repo(repo).tags.set(name, sha);
  }

  head(repo: string): string {
    const h = this.repo(repo).history.at(-1);
    if (!h) throw new Error(`${repo} has no commits`);
    return h.sha;
  }

  addRelease(repo: string, tag: string, o: { draft?: boolean } = {}): PublishedRelease {
    return this.storeRelease(repo, { tag, name: `${repo} ${tag}`, body: '', draft: o.draft ?? false, prerelease: false, makeLatest: false });
  }

  tags(repo: string): ReadonlyMap<string, string> {
    return this.repo(repo).tags;
  }

  releasesOf(repo: string): readonly StoredRelease[] {
    return this.repo(repo).releases;
  }

  /** The next call (of `method`, when given) throws an HttpError with this status; `times` calls in a row. */
  failNext(f: { status: number; message?: string }, o: { method?: Method; times?: number } = {}): void {
    this.failures.push({ status: f.status, message: f.message ?? `HTTP ${f.status}`, method: o.method, times: o.times ?? 1 });
  }

  callsOf(method: Method): GitHubCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  // — GitHubPort —

  async getRepo(repo: string): Promise<RepoInfo | null> {
    this.enter('getRepo', repo);
    const r = this.repos.get(repo);
    return r ? { ...r.info } : null;
  }

  async readRepoFile(repo: string): Promise<RepoFile> {
    this.enter('readRepoFile', repo);
    return repoFileOf(this.repo(repo));
  }

  async listTags(repo: string): Promise<TagRef[]> {
    this.enter('listTags', repo);
    return [...this.repo(repo).tags].map(([name, commitSha]) => ({ name, commitSha }));
  }

  async headSha(repo: string, branch: string): Promise<string> {
    this.enter('headSha', repo, { branch });
    return this.head(repo);
  }

  async commitsSince(repo: string, base: string | null, head: string): Promise<CommitInput[]> {
    this.enter('commitsSince', repo, { base, head });
    const { history } = this.repo(repo);
    const to = history.findIndex((c) => c.sha === head);
    const from = base === null ? -1 : history.findIndex((c) => c.sha === base);
    return history.slice(from + 1, to + 1).map((c) => ({ ...c }));
  }

  async compare(repo: string, base: string, head: string): Promise<{ status: 'ahead' | 'identical' | 'behind' | 'diverged'; commits: CommitInput[] }> {
    this.enter('compare', repo, { base, head });
    const { history } = this.repo(repo);
    if (base === head) return { status: 'identical', commits: [] };
    const b = history.findIndex((c) => c.sha === base);
    const h = history.findIndex((c) => c.sha === head);
    if (b === -1 || h === -1) return { status: 'diverged', commits: [] };
    if (b > h) return { status: 'behind', commits: [] };
    return { status: 'ahead', commits: history.slice(b + 1, h + 1).map((c) => ({ ...c })) };
  }

  async findTag(repo: string, tag: string): Promise<{ commitSha: string } | null> {
    this.enter('findTag', repo, { tag });
    const sha = this.repo(repo).tags.get(tag);
    return sha ? { commitSha: sha } : null;
  }

  async createAnnotatedTag(
    repo: string,
    t: { tag: string; message: string; sha: string },
  ): Promise<{ kind: 'created'; tagObjectSha: string } | { kind: 'exists' }> {
    this.enter('createAnnotatedTag', repo, { ...t });
    const r = this.repo(repo);
    if (r.tags.has(t.tag)) return { kind: 'exists' };
    r.tags.set(t.tag, t.sha);
    return { kind: 'created', tagObjectSha: this.sha(`tag-object:${repo}:${t.tag}`) };
  }

  async findRelease(repo: string, tag: string, o: { includeDrafts?: boolean } = {}): Promise<PublishedRelease | null> {
    this.enter('findRelease', repo, { tag, ...o });
    const found = this.repo(repo).releases.find((x) => x.tag === tag && (!x.draft || o.includeDrafts));
    return found ? { id: found.id, htmlUrl: found.htmlUrl, tag: found.tag } : null;
  }

  async createRelease(
    repo: string,
    r: { tag: string; name: string; body: string; draft: boolean; prerelease: boolean; makeLatest: boolean; sha: string },
  ): Promise<{ kind: 'created'; release: PublishedRelease } | { kind: 'exists' }> {
    this.enter('createRelease', repo, { ...r });
    if (this.repo(repo).releases.some((x) => x.tag === r.tag)) return { kind: 'exists' };
    // As GitHub does: a published release for a tag that does not exist makes it, lightweight, on the target; an existing tag is never moved.
    if (!r.draft && !this.repo(repo).tags.has(r.tag)) this.repo(repo).tags.set(r.tag, r.sha);
    return { kind: 'created', release: this.storeRelease(repo, r) };
  }

  /** What CI says of a commit from now on (statuses and check runs as the port returns them). */
  setChecks(repo: string, sha: string, checks: Partial<CommitChecks>): void {
    this.checks.set(`${repo}@${sha}`, { statuses: checks.statuses ?? [], checkRuns: checks.checkRuns ?? [] });
  }

  async readChecks(repo: string, sha: string): Promise<CommitChecks> {
    this.enter('readChecks', repo, { sha });
    return this.checks.get(`${repo}@${sha}`) ?? { statuses: [], checkRuns: [] };
  }

  async generateNotes(repo: string, n: { tag: string; previousTag: string | null; sha: string }): Promise<string> {
    this.enter('generateNotes', repo, { ...n });
    return `GitHub's notes for ${n.tag} since ${n.previousTag ?? 'the beginning'}`;
  }

  // — OrgReader —

  async snapshotRepos(filter: (name: string) => boolean, o: { checks?: boolean } = {}): Promise<RepoSnapshot[]> {
    this.enter('snapshotRepos', null);
    return [...this.repos.values()]
      .filter((r) => filter(r.info.name))
      .map((r) => {
        const tags = [...r.tags].map(([name, commitSha]) => ({ name, commitSha }));
        const history = [...r.history].reverse().map((c) => ({ ...c }));
        return {
          name: r.info.name,
          archived: r.info.archived,
          htmlUrl: r.info.htmlUrl,
          defaultBranch: r.history.length > 0 ? r.info.defaultBranch : null,
          headSha: r.history.at(-1)?.sha ?? null,
          tags: tags.slice(0, this.snapshotPage),
          tagsComplete: tags.length <= this.snapshotPage,
          history: history.slice(0, this.snapshotPage),
          historyComplete: history.length <= this.snapshotPage,
          repoFile: repoFileOf(r),
          ...(o.checks && r.history.length > 0
            ? { checks: this.checks.get(`${r.info.name}@${r.history.at(-1)!.sha}`) ?? { statuses: [], checkRuns: [] } }
            : {}),
        };
      });
  }

  async readTags(wanted: readonly { repo: string; tag: string; checksOf?: string }[]): Promise<Map<string, TagSighting>> {
    this.enter('readTags', null, { repos: wanted.map((w) => w.repo) });
    return new Map(
      wanted.map((w) => {
        const r = this.repos.get(w.repo);
        const sighting: TagSighting = { headSha: r?.history.at(-1)?.sha ?? null, tagCommitSha: r?.tags.get(w.tag) ?? null };
        if (w.checksOf) sighting.checks = this.checks.get(`${w.repo}@${w.checksOf}`) ?? { statuses: [], checkRuns: [] };
        return [w.repo, sighting];
      }),
    );
  }

  private storeRelease(repo: string, r: Omit<StoredRelease, 'id' | 'htmlUrl'>): StoredRelease {
    const id = 1000 + ++this.made;
    const stored = { id, htmlUrl: `https://github.test/${this.org}/${repo}/releases/tag/${r.tag}`, ...r };
    this.repo(repo).releases.push(stored);
    return stored;
  }

  private enter(method: Method, repo: string | null, args?: Record<string, unknown>): void {
    const call = { method, repo, ...(args ? { args } : {}) };
    this.calls.push(call);
    if (WRITES.has(method)) this.writes.push(call);
    const i = this.failures.findIndex((f) => f.method === undefined || f.method === method);
    if (i !== -1) {
      const f = this.failures[i]!;
      f.times -= 1;
      if (f.times <= 0) this.failures.splice(i, 1);
      // What Octokit's RequestError carries: the name, the status, GitHub's own message.
      throw Object.assign(new Error(f.message), { name: 'HttpError', status: f.status, response: { data: { message: f.message } } });
    }
    if (repo !== null && method !== 'getRepo' && !this.repos.has(repo)) {
      throw Object.assign(new Error('Not Found'), { name: 'HttpError', status: 404 });
    }
  }

  private repo(name: string): FakeRepo {
    const r = this.repos.get(name);
    if (!r) throw new Error(`the fake GitHub has no repository ${name}: addRepo it first`);
    return r;
  }

  private sha(seed: string): string {
    return createHash('sha1').update(seed).digest('hex');
  }
}

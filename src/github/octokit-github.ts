import type { BotOctokit } from './make-octokit.js';
import type { CommitChecks, GitHubPort, PublishedRelease, RepoInfo } from '../workflows/ports/github.js';
import type { CommitInput } from '../domain/analyze-commits.js';
import type { TagRef } from '../domain/last-release.js';
import type { RepoFile } from '../domain/repo-file.js';
import { RepoFileReader } from './repo-file-reader.js';

/** Commits read at most for a first release (no earlier tag), so a repository with a long history cannot stall a proposal. */
export const FIRST_RELEASE_COMMIT_CAP = 1000;

function status(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error ? Number((error as { status: unknown }).status) : undefined;
}

async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (error) {
    if (status(error) === 404) return null;
    throw error;
  }
}

type CompareStatus = 'ahead' | 'identical' | 'behind' | 'diverged';
type Commit = {
  sha: string;
  commit: { message: string; author: { name?: string } | null; committer?: { date?: string } | null };
  author: { login: string } | null;
};
const toInput = (c: Commit): CommitInput => ({
  sha: c.sha,
  message: c.commit.message,
  author: c.author?.login ?? c.commit.author?.name ?? undefined,
  ...(c.commit.committer?.date ? { date: c.commit.committer.date } : {}),
});

/** The GitHub port over the REST API, for the repositories of one organisation. */
export class OctokitGitHub implements GitHubPort {
  private readonly repoFiles: RepoFileReader;

  constructor(
    private readonly octokit: BotOctokit,
    private readonly org: string,
  ) {
    this.repoFiles = new RepoFileReader(octokit, org);
  }

  readRepoFile(repo: string, o: { known?: boolean } = {}): Promise<RepoFile> {
    return this.repoFiles.read(repo, o);
  }

  async getRepo(repo: string): Promise<RepoInfo | null> {
    const res = await orNull(this.octokit.rest.repos.get({ owner: this.org, repo }));
    if (!res) return null;
    return { name: res.data.name, archived: res.data.archived, defaultBranch: res.data.default_branch, htmlUrl: res.data.html_url };
  }

  async listTags(repo: string): Promise<TagRef[]> {
    // GET /tags gives each tag's commit already peeled, so annotated tags need no more requests.
    const tags = await this.octokit.paginate(this.octokit.rest.repos.listTags, { owner: this.org, repo, per_page: 100 });
    return tags.map((t) => ({ name: t.name, commitSha: t.commit.sha }));
  }

  async headSha(repo: string, branch: string): Promise<string> {
    const res = await this.octokit.rest.repos.getBranch({ owner: this.org, repo, branch });
    return res.data.commit.sha;
  }

  async commitsSince(repo: string, base: string | null, head: string): Promise<CommitInput[]> {
    if (base === null) {
      const commits: Commit[] = [];
      for await (const page of this.octokit.paginate.iterator(this.octokit.rest.repos.listCommits, { owner: this.org, repo, sha: head, per_page: 100 })) {
        commits.push(...(page.data as Commit[]));
        if (commits.length >= FIRST_RELEASE_COMMIT_CAP) break;
      }
      return commits.slice(0, FIRST_RELEASE_COMMIT_CAP).reverse().map(toInput);
    }
    return (await this.compare(repo, base, head)).commits;
  }

  async compare(repo: string, base: string, head: string) {
    // compare lists commits oldest first, 250 a page at most; every page repeats the status.
    // https://docs.github.com/rest/commits/commits#compare-two-commits
    const commits: CommitInput[] = [];
    let status: CompareStatus = 'identical';
    for await (const page of this.octokit.paginate.iterator(this.octokit.rest.repos.compareCommitsWithBasehead, {
      owner: this.org,
      repo,
      basehead: `${base}...${head}`,
      per_page: 250,
    })) {
      const data = page.data as unknown as { status: CompareStatus; commits: Commit[] };
      status = data.status;
      if (status !== 'ahead') break;
      commits.push(...data.commits.map(toInput));
    }
    return { status, commits };
  }

  async findTag(repo: string, tag: string): Promise<{ commitSha: string } | null> {
    const ref = await orNull(this.octokit.rest.git.getRef({ owner: this.org, repo, ref: `tags/${tag}` }));
    if (!ref) return null;
    let object = ref.data.object;
    // Peel annotated tags (a tag may point at a tag) down to the commit.
    for (let depth = 0; object.type === 'tag' && depth < 5; depth++) {
      const t = await this.octokit.rest.git.getTag({ owner: this.org, repo, tag_sha: object.sha });
      object = t.data.object;
    }
    return { commitSha: object.sha };
  }

  async createAnnotatedTag(repo: string, t: { tag: string; message: string; sha: string }) {
    const tagObject = await this.octokit.rest.git.createTag({ owner: this.org, repo, tag: t.tag, message: t.message, object: t.sha, type: 'commit' });
    try {
      await this.octokit.rest.git.createRef({ owner: this.org, repo, ref: `refs/tags/${t.tag}`, sha: tagObject.data.sha });
      return { kind: 'created' as const, tagObjectSha: tagObject.data.sha };
    } catch (error) {
      if (status(error) === 422 && /already exists/i.test(String((error as Error).message))) return { kind: 'exists' as const };
      throw error;
    }
  }

  async findRelease(repo: string, tag: string, o: { includeDrafts?: boolean } = {}): Promise<PublishedRelease | null> {
    const res = await orNull(this.octokit.rest.repos.getReleaseByTag({ owner: this.org, repo, tag }));
    if (res) return { id: res.data.id, htmlUrl: res.data.html_url, tag };
    if (!o.includeDrafts) return null;
    // Drafts are not found by tag: look through the newest releases.
    const list = await this.octokit.rest.repos.listReleases({ owner: this.org, repo, per_page: 100 });
    const draft = list.data.find((r) => r.tag_name === tag);
    return draft ? { id: draft.id, htmlUrl: draft.html_url, tag } : null;
  }

  async createRelease(repo: string, r: { tag: string; name: string; body: string; draft: boolean; prerelease: boolean; makeLatest: boolean; sha: string }) {
    try {
      // Both said explicitly (DESIGN.md §7): GitHub's default make_latest is "true", which would let a backport take "Latest".
      const res = await this.octokit.rest.repos.createRelease({
        owner: this.org,
        repo,
        tag_name: r.tag,
        target_commitish: r.sha,
        name: r.name,
        body: r.body,
        draft: r.draft,
        prerelease: r.prerelease,
        make_latest: r.makeLatest ? 'true' : 'false',
      });
      return { kind: 'created' as const, release: { id: res.data.id, htmlUrl: res.data.html_url, tag: r.tag } };
    } catch (error) {
      const data = (error as { response?: { data?: { errors?: { code?: string }[] } } }).response?.data;
      if (status(error) === 422 && data?.errors?.some((e) => e.code === 'already_exists')) return { kind: 'exists' as const };
      throw error;
    }
  }

  async readChecks(repo: string, sha: string): Promise<CommitChecks> {
    // The combined status keeps the latest status of each context; the check runs list keeps the
    // latest run of each name (filter=latest, the default). Both page; paginate follows them
    // (check runs come as {total_count, check_runs}, which paginate unwraps).
    // https://docs.github.com/rest/commits/statuses#get-the-combined-status-for-a-specific-reference
    // https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference
    const [statuses, runs] = await Promise.all([
      this.octokit.paginate(this.octokit.rest.repos.getCombinedStatusForRef, { owner: this.org, repo, ref: sha, per_page: 100 }),
      this.octokit.paginate(this.octokit.rest.checks.listForRef, { owner: this.org, repo, ref: sha, per_page: 100, filter: 'latest' }),
    ]);
    return {
      statuses: (statuses as unknown as { statuses: { id: number; context: string; state: string; target_url: string | null }[] }[])
        .flatMap((page) => page.statuses ?? [])
        .map((st) => ({ id: st.id, context: st.context, state: st.state as CommitChecks['statuses'][number]['state'], targetUrl: st.target_url ?? null })),
      checkRuns: runs.map((r) => ({ id: r.id, name: r.name, status: r.status, conclusion: r.conclusion, url: r.details_url ?? r.html_url ?? null })),
    };
  }

  async generateNotes(repo: string, n: { tag: string; previousTag: string | null; sha: string }): Promise<string> {
    const res = await this.octokit.rest.repos.generateReleaseNotes({
      owner: this.org,
      repo,
      tag_name: n.tag,
      target_commitish: n.sha,
      ...(n.previousTag ? { previous_tag_name: n.previousTag } : {}),
    });
    return res.data.body;
  }
}

import type { GitCommit, GitTagObject, RefTarget, RepoRecord, Signature } from './git-objects.js';
import { blobSha, lineCount } from './git-objects.js';
import { type GitHubUrls, accountJson, nodeId } from './github-urls.js';

const UNSIGNED = { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };

function gitActor(s: Signature): Record<string, unknown> {
  return { name: s.name, email: s.email, date: s.date };
}

/** A commit as `GET /commits` lists it and `GET /compare` embeds it. */
export function commitJson(urls: GitHubUrls, repo: RepoRecord, c: GitCommit): Record<string, unknown> {
  const api = urls.repoApi(repo.name);
  return {
    sha: c.sha,
    node_id: nodeId('Commit', `${repo.id}:${c.sha}`),
    commit: {
      author: gitActor(c.author),
      committer: gitActor(c.committer),
      message: c.message,
      tree: { sha: c.treeSha, url: `${api}/git/trees/${c.treeSha}` },
      url: `${api}/git/commits/${c.sha}`,
      comment_count: 0,
      verification: UNSIGNED,
    },
    url: `${api}/commits/${c.sha}`,
    html_url: urls.commitHtml(repo.name, c.sha),
    comments_url: `${api}/commits/${c.sha}/comments`,
    // GitHub gives a user only when it can match the email to an account.
    author: c.author.username ? accountJson(urls, c.author.username) : null,
    committer: c.committer.username ? accountJson(urls, c.committer.username) : null,
    parents: c.parents.map((p) => ({ sha: p, url: `${api}/commits/${p}`, html_url: urls.commitHtml(repo.name, p) })),
  };
}

/** The `files` array of a single commit or a comparison. */
export function filesJson(
  urls: GitHubUrls,
  repo: RepoRecord,
  ref: string,
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): Record<string, unknown>[] {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const out: Record<string, unknown>[] = [];
  for (const filename of paths) {
    const old = before.get(filename);
    const now = after.get(filename);
    if (old === now) continue;
    const status = old === undefined ? 'added' : now === undefined ? 'removed' : 'modified';
    const additions = status === 'removed' ? 0 : lineCount(now);
    const deletions = status === 'added' ? 0 : lineCount(old);
    out.push({
      sha: blobSha(now ?? old ?? ''),
      filename,
      status,
      additions,
      deletions,
      changes: additions + deletions,
      blob_url: `${urls.repoHtml(repo.name)}/blob/${ref}/${filename}`,
      raw_url: `${urls.repoHtml(repo.name)}/raw/${ref}/${filename}`,
      contents_url: `${urls.repoApi(repo.name)}/contents/${filename}?ref=${ref}`,
    });
  }
  return out;
}

/** `GET /commits/{ref}`: the list shape plus stats and files. */
export function singleCommitJson(urls: GitHubUrls, repo: RepoRecord, c: GitCommit): Record<string, unknown> {
  const parent = c.parents[0] ? repo.commits.get(c.parents[0]) : undefined;
  const files = filesJson(urls, repo, c.sha, parent?.files ?? new Map(), c.files);
  const additions = files.reduce((n, f) => n + (f.additions as number), 0);
  const deletions = files.reduce((n, f) => n + (f.deletions as number), 0);
  return { ...commitJson(urls, repo, c), stats: { total: additions + deletions, additions, deletions }, files };
}

/** An item of `GET /tags`. */
export function tagListItemJson(urls: GitHubUrls, repo: RepoRecord, name: string, commitSha: string): Record<string, unknown> {
  const api = urls.repoApi(repo.name);
  return {
    name,
    zipball_url: `${api}/zipball/refs/tags/${name}`,
    tarball_url: `${api}/tarball/refs/tags/${name}`,
    commit: { sha: commitSha, url: `${api}/commits/${commitSha}` },
    node_id: nodeId('Ref', `${repo.id}:refs/tags/${name}`),
  };
}

function objectJson(urls: GitHubUrls, repo: RepoRecord, target: RefTarget): Record<string, unknown> {
  const kind = target.type === 'commit' ? 'commits' : 'tags';
  return { sha: target.sha, type: target.type, url: `${urls.repoApi(repo.name)}/git/${kind}/${target.sha}` };
}

/** `GET /git/ref/{ref}` and `POST /git/refs`. */
export function refJson(urls: GitHubUrls, repo: RepoRecord, ref: string, target: RefTarget): Record<string, unknown> {
  return {
    ref,
    node_id: nodeId('Ref', `${repo.id}:${ref}`),
    url: `${urls.repoApi(repo.name)}/git/${ref}`,
    object: objectJson(urls, repo, target),
  };
}

/** `GET /git/tags/{sha}` and `POST /git/tags`. */
export function tagObjectJson(urls: GitHubUrls, repo: RepoRecord, t: GitTagObject): Record<string, unknown> {
  return {
    node_id: nodeId('Tag', `${repo.id}:${t.sha}`),
    sha: t.sha,
    url: `${urls.repoApi(repo.name)}/git/tags/${t.sha}`,
    tagger: gitActor(t.tagger),
    object: objectJson(urls, repo, t.object),
    tag: t.tag,
    message: t.message,
    verification: UNSIGNED,
  };
}

/** `GET /branches/{branch}` (`full`) or an item of `GET /branches`. */
export function branchJson(urls: GitHubUrls, repo: RepoRecord, name: string, head: GitCommit, full: boolean): Record<string, unknown> {
  const api = urls.repoApi(repo.name);
  if (!full) return { name, commit: { sha: head.sha, url: `${api}/commits/${head.sha}` }, protected: false };
  return {
    name,
    commit: commitJson(urls, repo, head),
    _links: { self: `${api}/branches/${name}`, html: `${urls.repoHtml(repo.name)}/tree/${name}` },
    protected: false,
    protection: { enabled: false, required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] } },
    protection_url: `${api}/branches/${name}/protection`,
  };
}

import { DEFAULT_AUTHOR, type GitModel } from './git-model.js';
import { type GitCommit, type Person, type RepoRecord, ZERO_SHA } from './git-objects.js';
import { type GitHubUrls, accountJson, organizationJson } from './github-urls.js';
import { repoFields } from './repo-json.js';

export interface PushOptions {
  before: string;
  /** default: where the ref points now (the tag object for an annotated tag) */
  after?: string;
  /** `refs/heads/main`, `refs/tags/v1.0.0`, or a bare branch name; default: the default branch */
  ref?: string;
  deleted?: boolean;
  /** who pushed; default: the author of the head commit */
  pusher?: Person;
  /**
   * GitHub's webhook payload "includes a maximum of 2048 commits" (the limit of 20 is for
   * timeline events only); set 20 to emulate a client that reads the Events API.
   */
  maxCommits?: number;
}

function epochSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

function commitJson(urls: GitHubUrls, repo: RepoRecord, c: GitCommit, distinct: boolean): Record<string, unknown> {
  const person = (p: Person) => ({ name: p.name, email: p.email, ...(p.username ? { username: p.username } : {}) });
  return {
    id: c.sha,
    tree_id: c.treeSha,
    distinct,
    message: c.message,
    timestamp: c.author.date,
    url: urls.commitHtml(repo.name, c.sha),
    author: person(c.author),
    committer: person(c.committer),
    added: c.changes.added,
    removed: c.changes.removed,
    modified: c.changes.modified,
  };
}

/** The webhook `repository`: the REST fields plus the push event's quirks (epoch dates, html `url`). */
function pushRepository(urls: GitHubUrls, repo: RepoRecord): Record<string, unknown> {
  const fields = repoFields(urls, repo, urls.repoHtml(repo.name));
  return {
    ...fields,
    owner: { name: urls.org, email: null, ...accountJson(urls, urls.org, 'Organization') },
    created_at: epochSeconds(repo.createdAt),
    pushed_at: epochSeconds(repo.pushedAt),
    stargazers: 0,
    master_branch: repo.defaultBranch,
    organization: urls.org,
    custom_properties: {},
  };
}

/**
 * A `push` webhook payload as GitHub sends it for an organisation repository: the shape of the
 * `push` examples in @octokit/webhooks-examples, filled from the emulator's git model.
 * https://docs.github.com/webhooks/webhook-events-and-payloads#push
 */
export function buildPushPayload(git: GitModel, urls: GitHubUrls, repo: RepoRecord, o: PushOptions): Record<string, unknown> {
  const ref = o.ref === undefined ? `refs/heads/${repo.defaultBranch}` : o.ref.startsWith('refs/') ? o.ref : `refs/heads/${o.ref}`;
  const isTag = ref.startsWith('refs/tags/');
  const shortName = ref.replace(/^refs\/(heads|tags)\//, '');
  const deleted = o.deleted ?? false;
  const current = git.resolveRef(repo, ref);
  const after = deleted ? ZERO_SHA : (o.after ?? current?.target.sha);
  if (!after) throw new Error(`GitHubEmulator: ${repo.name} has no ${ref}; pass \`after\``);
  const headCommit = deleted ? undefined : repo.commits.get(git.peel(repo, { type: git.objectType(repo, after) ?? 'commit', sha: after }));
  if (!deleted && !headCommit) throw new Error(`GitHubEmulator: ${after} is not an object of ${repo.name}`);
  const created = o.before === ZERO_SHA && !deleted;

  // Commits already reachable from another branch are not "distinct" to this push.
  const elsewhere = new Set<string>();
  for (const [branch, sha] of repo.heads) {
    if (ref === `refs/heads/${branch}`) continue;
    for (const c of git.history(repo, sha)) elsewhere.add(c.sha);
  }

  let pushed: GitCommit[] = [];
  let forced = false;
  if (headCommit && !isTag) {
    if (created) {
      pushed = git
        .history(repo, headCommit.sha)
        .filter((c) => !elsewhere.has(c.sha))
        .reverse();
    } else {
      const cmp = git.compare(repo, o.before, headCommit.sha);
      if (!cmp) throw new Error(`GitHubEmulator: ${o.before} and ${headCommit.sha} have no common history in ${repo.name}`);
      pushed = cmp.ahead;
      forced = cmp.behindBy > 0;
    }
  }
  // Over the cap, the most recent commits are kept (head_commit is always the last of them).
  const cap = Math.max(0, o.maxCommits ?? 2048);
  const commits = pushed.slice(Math.max(0, pushed.length - cap)).map((c) => commitJson(urls, repo, c, !elsewhere.has(c.sha)));

  const html = urls.repoHtml(repo.name);
  const compare = deleted
    ? `${html}/compare/${o.before.slice(0, 12)}...${ZERO_SHA.slice(0, 12)}`
    : created
      ? isTag || pushed.length !== 1
        ? `${html}/compare/${shortName}`
        : `${html}/commit/${after}`
      : `${html}/compare/${o.before.slice(0, 12)}...${after.slice(0, 12)}`;
  // A tag pushed on the head of a branch names that branch in base_ref.
  const branchAtTag = isTag && headCommit ? [...repo.heads].find(([, sha]) => sha === headCommit.sha)?.[0] : undefined;

  const pusher = o.pusher ?? headCommit?.author ?? DEFAULT_AUTHOR;
  return {
    ref,
    before: o.before,
    after,
    repository: pushRepository(urls, repo),
    pusher: { name: pusher.username ?? pusher.name, email: pusher.email },
    organization: organizationJson(urls),
    sender: accountJson(urls, pusher.username ?? DEFAULT_AUTHOR.username),
    created,
    deleted,
    forced,
    base_ref: branchAtTag ? `refs/heads/${branchAtTag}` : null,
    compare,
    commits,
    head_commit: headCommit ? commitJson(urls, repo, headCommit, isTag || !elsewhere.has(headCommit.sha)) : null,
  };
}

import type { GitCommit, RepoRecord } from './git-objects.js';
import { messageHeadline } from './git-objects.js';
import type { GitModel } from './git-model.js';
import type { GitHubUrls } from './github-urls.js';
import type { ReleaseBook } from './release-book.js';

export interface NotesRequest {
  tagName: string;
  targetCommitish?: string;
  previousTagName?: string;
}

export type NotesResult = { ok: true; name: string; body: string } | { ok: false; field: 'target_commitish' | 'previous_tag_name' };

/**
 * What `POST /releases/generate-notes` writes. GitHub lists merged pull requests; the emulator has
 * none, so it lists the commits since the previous tag in the same markdown shape.
 * https://docs.github.com/repositories/releasing-projects-on-github/automatically-generated-release-notes
 */
export function generateReleaseNotes(git: GitModel, releases: ReleaseBook, urls: GitHubUrls, repo: RepoRecord, req: NotesRequest): NotesResult {
  const existing = repo.tags.get(req.tagName);
  const head = existing ? repo.commits.get(git.peel(repo, existing)) : git.resolveCommit(repo, req.targetCommitish ?? repo.defaultBranch);
  if (!head) return { ok: false, field: 'target_commitish' };

  let previous: { name: string; sha: string } | undefined;
  if (req.previousTagName !== undefined) {
    const target = repo.tags.get(req.previousTagName);
    if (!target) return { ok: false, field: 'previous_tag_name' };
    previous = { name: req.previousTagName, sha: git.peel(repo, target) };
  } else {
    // Without a previous tag GitHub picks the latest release before this one.
    for (const r of releases.list(repo)) {
      const target = repo.tags.get(r.tagName);
      if (r.draft || r.prerelease || r.tagName === req.tagName || !target) continue;
      const sha = git.peel(repo, target);
      if (git.isAncestor(repo, sha, head.sha)) {
        previous = { name: r.tagName, sha };
        break;
      }
    }
  }

  const commits: GitCommit[] = previous ? (git.compare(repo, previous.sha, head.sha)?.ahead ?? []) : git.history(repo, head.sha).reverse();
  const html = urls.repoHtml(repo.name);
  const lines: string[] = [];
  if (commits.length > 0) {
    lines.push("## What's Changed");
    for (const c of commits) {
      const by = c.author.username ? ` by @${c.author.username}` : '';
      lines.push(`* ${messageHeadline(c.message)}${by} in ${urls.commitHtml(repo.name, c.sha)}`);
    }
    lines.push('');
  }
  lines.push(previous ? `**Full Changelog**: ${html}/compare/${previous.name}...${req.tagName}` : `**Full Changelog**: ${html}/commits/${req.tagName}`);
  return { ok: true, name: req.tagName, body: lines.join('\n') };
}

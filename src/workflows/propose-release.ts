import type { Bump } from '../domain/bump.js';
import { matchesGlob } from '../domain/matches-glob.js';
import { previewRelease, type Release } from '../domain/release.js';
import { planRelease } from '../domain/plan-release.js';
import { repoSettings } from '../config.js';
import { releaseMessage } from '../slack/blocks/release-message.js';
import type { SlackMessage } from '../slack/slack-port.js';
import type { Deps } from './deps.js';
import { postProposal } from './post-proposal.js';
import { bestEffort } from './best-effort.js';
import { resolveVersionBase } from './resolve-version-base.js';
import type { CommitInput } from '../domain/analyze-commits.js';

export interface ProposalRequest {
  repo: string;
  /** the commit to release; the default branch's head when absent */
  sha?: string;
  bump?: Bump | null;
  pre?: string | null;
  draft?: boolean;
  dryRun?: boolean;
  channel?: string;
  trigger: Release['trigger'];
  requestedBy: string | null;
}

export type ProposalOutcome =
  | { kind: 'proposed'; release: Release }
  | { kind: 'dry-run'; message: SlackMessage }
  | { kind: 'unknown-repo' }
  | { kind: 'archived' }
  | { kind: 'excluded' }
  | { kind: 'nothing-to-release'; detail: string };

/** Works out the next release of a repository and, unless it is a dry run, records it and posts the proposal. */
export async function proposeRelease(deps: Deps, req: ProposalRequest): Promise<ProposalOutcome> {
  const { github, config, store } = deps;
  if (matchesGlob(req.repo, config.policy.exclude)) return { kind: 'excluded' };
  const repo = await github.getRepo(req.repo);
  if (!repo) return { kind: 'unknown-repo' };
  if (repo.archived) return { kind: 'archived' };

  const settings = repoSettings(config, repo.name);
  const sha = req.sha ?? (await github.headSha(repo.name, repo.defaultBranch));
  const tags = await github.listTags(repo.name);
  // The compare that shows a tag is an ancestor also lists the commits since it: keep them.
  const since = new Map<string, CommitInput[]>();
  const base = await resolveVersionBase(tags, {
    prefix: settings.tagPrefix,
    pre: req.pre,
    known: (tag) => (tag.commitSha === sha ? true : undefined),
    check: async (tag) => {
      const cmp = await github.compare(repo.name, tag.commitSha, sha);
      if (cmp.status === 'ahead') since.set(tag.tag, cmp.commits);
      return cmp.status === 'ahead' || cmp.status === 'identical';
    },
  });
  const last = base.lastRelease;
  const commits = last === null ? await github.commitsSince(repo.name, null, sha) : (since.get(last.tag) ?? []);

  const plan = planRelease({
    repo: repo.name, sha, defaultBranch: repo.defaultBranch, repoUrl: repo.htmlUrl, settings: { ...settings, channel: req.channel ?? settings.channel },
    base, tags, commits, bump: req.bump, pre: req.pre, draft: req.draft, trigger: req.trigger, requestedBy: req.requestedBy,
  });
  if (plan.kind === 'nothing') return { kind: 'nothing-to-release', detail: plan.detail };
  const proposal = plan.release;
  if (req.dryRun) {
    return { kind: 'dry-run', message: releaseMessage(previewRelease(proposal), { dryRun: true }) };
  }

  // A redelivered or re-processed push for the same commit reuses its proposal.
  const existing = store.releases.openProposal(repo.name, sha);
  const { release, superseded } = existing && req.trigger === 'push'
    ? { release: existing, superseded: [] }
    : store.releases.propose(proposal, req.requestedBy ?? 'github');
  for (const old of superseded) {
    if (old.messageTs) await bestEffort(deps, () => deps.slack.updateMessage(old.channel, old.messageTs!, releaseMessage(old)), 'update superseded proposal');
  }
  return { kind: 'proposed', release: await postProposal(deps, release) };
}

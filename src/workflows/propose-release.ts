import type { Bump } from '../domain/bump.js';
import { latestVersion } from '../domain/latest-version.js';
import { matchesGlob } from '../domain/matches-glob.js';
import { previewRelease, type Release } from '../domain/release.js';
import { planRelease } from '../domain/plan-release.js';
import { repoSettings } from '../config.js';
import { releaseMessage } from '../slack/blocks/release-message.js';
import type { SlackMessage } from '../slack/slack-port.js';
import type { Deps } from './deps.js';
import { postProposal } from './post-proposal.js';
import { bestEffort } from './best-effort.js';

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
  const latest = latestVersion(await github.listTags(repo.name), settings.tagPrefix);
  const commits = await github.commitsSince(repo.name, latest?.tag ?? null, sha);

  const plan = planRelease({
    repo: repo.name, sha, defaultBranch: repo.defaultBranch, repoUrl: repo.htmlUrl, settings: { ...settings, channel: req.channel ?? settings.channel },
    latest, commits, bump: req.bump, pre: req.pre, draft: req.draft, trigger: req.trigger, requestedBy: req.requestedBy,
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

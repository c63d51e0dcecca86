import type { Bump } from '../domain/bump.js';
import { matchesGlob } from '../domain/matches-glob.js';
import { policyFor } from '../domain/approval-policy.js';
import { previewRelease, type Release } from '../domain/release.js';
import { planRelease } from '../domain/plan-release.js';
import { repoSettings } from '../config.js';
import { repoFileNote } from '../domain/repo-file.js';
import type { Deps } from './deps.js';
import { postProposal } from './post-proposal.js';
import { owe } from './owe.js';
import { parentUpdate, proposal as proposalMessage } from './owe-release-messages.js';
import { resolveVersionBase } from './resolve-version-base.js';
import { releaseLine, type ReleaseLine } from '../domain/release-line.js';
import type { CommitInput } from '../domain/analyze-commits.js';
import { currentFreeze } from './current-freeze.js';
import { proposalChecks } from './read-release-checks.js';

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
  /** the GitHub login that pushed the commit (a push's `pusher.name`) */
  pushedBy?: string | null;
  /** a release branch of `branches:` to release from (`/release --branch`); the default branch when absent */
  branch?: string;
  /** the line a push was classified on (it names its branch) */
  line?: ReleaseLine;
}

export type ProposalOutcome =
  | { kind: 'proposed'; release: Release }
  /** what the proposal would be: nothing recorded, nothing owed */
  | { kind: 'dry-run'; preview: Release }
  | { kind: 'unknown-repo' }
  | { kind: 'archived' }
  | { kind: 'excluded' }
  /** `--branch` names a branch that is not the default branch nor one of `branches:` */
  | { kind: 'unknown-branch'; branch: string; configured: string[] }
  | { kind: 'nothing-to-release'; detail: string };

/** Works out the next release of a repository and, unless it is a dry run, records it and posts the proposal. */
export async function proposeRelease(deps: Pick<Deps, 'github' | 'config' | 'store' | 'narrator' | 'now'>, req: ProposalRequest): Promise<ProposalOutcome> {
  const { github, config, store } = deps;
  if (matchesGlob(req.repo, config.policy.exclude)) return { kind: 'excluded' };
  const repo = await github.getRepo(req.repo);
  if (!repo) return { kind: 'unknown-repo' };
  if (repo.archived) return { kind: 'archived' };

  // The repository's own settings, read at every proposal (an unchanged file costs no rate limit).
  const file = await github.readRepoFile(repo.name);
  const settings = repoSettings(config, repo.name, file);
  const line = req.line ?? releaseLine(req.branch ?? repo.defaultBranch, { defaultBranch: repo.defaultBranch, branches: settings.branches });
  if (line === null) return { kind: 'unknown-branch', branch: req.branch ?? '', configured: [repo.defaultBranch, ...Object.keys(settings.branches)] };
  // A prerelease channel releases its own id; --pre elsewhere asks for one.
  const pre = line.kind === 'prerelease' ? line.id : (req.pre ?? null);
  const sha = req.sha ?? (await github.headSha(repo.name, line.branch));
  const tags = await github.listTags(repo.name);
  // The compare that shows a tag is an ancestor also lists the commits since it: keep them.
  const since = new Map<string, CommitInput[]>();
  const base = await resolveVersionBase(tags, {
    prefix: settings.tagPrefix,
    pre,
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
    repo: repo.name,
    sha,
    defaultBranch: repo.defaultBranch,
    repoUrl: repo.htmlUrl,
    settings: { ...settings, channel: req.channel ?? settings.channel },
    base,
    tags,
    commits,
    bump: req.bump,
    pre,
    line,
    draft: req.draft,
    trigger: req.trigger,
    requestedBy: req.requestedBy,
  });
  if (plan.kind === 'nothing') return { kind: 'nothing-to-release', detail: plan.detail };
  // The proposal pins the approval rules it is made under, as it pins its commit; made during a freeze, it says so.
  // Approval rules come from the organisation's file only: a repository's file never changes them.
  const policy = policyFor(repo.name, config.policies);
  const frozen = await currentFreeze(deps, repo.name);
  // Under requireChecks the proposal shows the commit's CI state (two reads); other repositories pay nothing for it.
  const checks = await proposalChecks(deps, repo.name, sha, policy.requireChecks ?? false);
  const proposal = { ...plan.release, pushedBy: req.pushedBy ?? null, policy, repoFile: repoFileNote(file), frozen, checks };
  if (req.dryRun) return { kind: 'dry-run', preview: previewRelease(proposal) };

  // A push handled again (the bot stopped before recording that it was handled) finds its
  // release, however far it went since: approved, running, made or failed. Never a second one.
  const existing = req.trigger === 'push' ? await store.releases.standingRelease(repo.name, sha) : undefined;
  if (existing) return { kind: 'proposed', release: existing.status === 'proposed' ? await postProposal(deps, existing) : existing };
  const release = await store.transaction(async (tx) => {
    const made = await tx.releases.propose(proposal, req.requestedBy ?? 'github');
    // The superseded proposals lose their buttons in the same unit of work.
    await owe(
      tx,
      proposalMessage(deps, made.release),
      made.superseded.flatMap((old) => parentUpdate(deps, old)),
    );
    return made.release;
  });
  return { kind: 'proposed', release };
}

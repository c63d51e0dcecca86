import type { Bump } from '../domain/bump.js';
import type { Batch, LeftOut } from '../domain/batch.js';
import { commitsSince } from '../domain/commits-since.js';
import { matchesGlob } from '../domain/matches-glob.js';
import { planRelease } from '../domain/plan-release.js';
import { previewRelease, type NewRelease, type Release } from '../domain/release.js';
import { repoSettings } from '../config.js';
import { repoFileNote } from '../domain/repo-file.js';
import type { RepoSnapshot } from './ports/github.js';
import type { Deps } from './deps.js';
import { resolveVersionBase } from './resolve-version-base.js';
import { card } from './owe-batch-messages.js';
import { trainPace, type TrainPace } from '../domain/train-pace.js';
import type { BatchView } from './ports/narrator.js';
import { owe } from './owe.js';
import { policyFor } from '../domain/approval-policy.js';
import { releaseChecks } from './read-release-checks.js';

export interface BatchRequest {
  forcedBump: Bump | null;
  dryRun: boolean;
  channel: string;
  trigger: Batch['trigger'];
  requestedBy: string | null;
  /** the push delivery that asked for it: handled again after a crash, it finds the same train */
  deliveryId?: string;
}

export type BatchOutcome =
  | { kind: 'proposed'; batch: Batch; members: Release[] }
  /** what the card would show: nothing recorded, nothing owed */
  | { kind: 'dry-run'; view: BatchView; members: number }
  | { kind: 'nothing'; leftOut: LeftOut[] };

/**
 * Finds every connector with unreleased commits (one GraphQL request per 100 repositories;
 * REST only for a connector whose history or tags do not fit in that page) and proposes one
 * release train for them.
 */
export async function proposeBatch(deps: Deps, req: BatchRequest): Promise<BatchOutcome> {
  const earlier = req.deliveryId ? await deps.store.batches.byDelivery(req.deliveryId) : undefined;
  if (earlier) return { kind: 'proposed', batch: await postCard(deps, earlier), members: await deps.store.releases.inBatch(earlier.id) };
  const { prefix } = deps.config.policy.connectors;
  // Under a policy with requireChecks, each head's status check rollup rides in the same GraphQL pages, for the card.
  const withChecks = deps.config.policies.some((p) => p.requireChecks);
  const snapshots = await deps.orgReader.snapshotRepos((name) => name.startsWith(prefix), withChecks ? { checks: true } : undefined);
  const members: NewRelease[] = [];
  const leftOut: LeftOut[] = [];
  for (const s of snapshots) {
    const planned = await planConnector(deps, s, req);
    if (planned.kind === 'member') members.push(planned.release);
    else leftOut.push(planned.leftOut);
  }
  if (members.length === 0) return { kind: 'nothing', leftOut };
  // The train follows its connectors' policy (one `connector-*` entry, as a rule): the first connector's, by name.
  const policy = policyFor([...members].sort((a, b) => a.repo.localeCompare(b.repo))[0]!.repo, deps.config.policies);
  if (policy.requireChecks) {
    const at = new Date();
    for (const m of members) {
      const read = snapshots.find((s) => s.name === m.repo)?.checks;
      if (read) m.checks = releaseChecks(read, true, at, 'proposal').checks;
    }
  }
  if (req.dryRun) {
    const batch: Batch = {
      id: 0,
      status: 'proposed',
      forcedBump: req.forcedBump,
      leftOut,
      channel: req.channel,
      messageTs: null,
      trigger: req.trigger,
      requestedBy: req.requestedBy,
      policy,
      approvals: [],
      approvedBy: null,
      cardPage: 0,
      createdAt: '',
      updatedAt: '',
    };
    const preview = members.map((m, i) => previewRelease(m, i + 1));
    return { kind: 'dry-run', view: { batch, members: preview, dryRun: true, pace: trainPace(preview.length, deps.config.github) }, members: members.length };
  }
  const batch = await deps.store.transaction(async (tx) => {
    const made = await tx.batches.create(
      { forcedBump: req.forcedBump, leftOut, channel: req.channel, trigger: req.trigger, requestedBy: req.requestedBy, deliveryId: req.deliveryId, policy },
      members,
    );
    const inBatch = await tx.releases.inBatch(made.id);
    await owe(tx, card(made, deps.narrator.batchCard({ batch: made, members: inBatch, pace: paceOf(deps, inBatch) })));
    return made;
  });
  return { kind: 'proposed', batch, members: await deps.store.releases.inBatch(batch.id) };
}

/** Owes a recorded train's card unless it was posted already; the outbox posts it and remembers the message. */
export async function postCard(deps: Pick<Deps, 'store' | 'narrator' | 'config'>, batch: Batch): Promise<Batch> {
  if (batch.messageTs) return batch;
  const members = await deps.store.releases.inBatch(batch.id);
  await owe(deps.store, card(batch, deps.narrator.batchCard({ batch, members, pace: paceOf(deps, members) })));
  return batch;
}

/** One write per connector that will be released (left out and cancelled ones cost nothing). */
export function paceOf(deps: Pick<Deps, 'config'>, members: readonly Release[]): TrainPace {
  return trainPace(members.filter((m) => m.status === 'proposed' || m.status === 'approved' || m.status === 'failed').length, deps.config.github);
}

type Planned = { kind: 'member'; release: NewRelease } | { kind: 'left-out'; leftOut: LeftOut };

async function planConnector(deps: Deps, s: RepoSnapshot, req: BatchRequest): Promise<Planned> {
  const out = (reason: LeftOut['reason']): Planned => ({ kind: 'left-out', leftOut: { repo: s.name, reason } });
  if (matchesGlob(s.name, deps.config.policy.exclude)) return out('excluded');
  if (s.archived) return out('archived');
  if (!s.headSha || !s.defaultBranch) return out('empty');
  // Each connector's own .github/release-bot.yml came with the sweep: no request per connector.
  const settings = repoSettings(deps.config, s.name, s.repoFile);
  const tags = s.tagsComplete ? s.tags : await deps.github.listTags(s.name);
  // The snapshot's history answers most ancestry questions; only a tag older than it costs a compare.
  const inHistory = new Set(s.history.map((c) => c.sha));
  const headSha = s.headSha;
  const base = await resolveVersionBase(tags, {
    prefix: settings.tagPrefix,
    known: (tag) => (inHistory.has(tag.commitSha) ? true : s.historyComplete ? false : undefined),
    check: async (tag) => {
      const { status } = await deps.github.compare(s.name, tag.commitSha, headSha);
      return status === 'ahead' || status === 'identical';
    },
  });
  const last = base.lastRelease;
  const commits =
    commitsSince(s.history, last?.commitSha ?? null, s.historyComplete) ?? (await deps.github.commitsSince(s.name, last?.commitSha ?? null, headSha));
  const plan = planRelease({
    repo: s.name,
    sha: s.headSha,
    defaultBranch: s.defaultBranch,
    repoUrl: s.htmlUrl,
    settings: { ...settings, channel: req.channel },
    base,
    tags,
    commits,
    bump: req.forcedBump,
    trigger: 'batch',
    requestedBy: req.requestedBy,
  });
  return plan.kind === 'release' ? { kind: 'member', release: { ...plan.release, repoFile: repoFileNote(s.repoFile) } } : out(plan.reason);
}

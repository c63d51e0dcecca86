import { classifyPush, type PushDecision } from '../domain/classify-push.js';
import { matchesGlob } from '../domain/matches-glob.js';
import type { DeliveryOutcome, ReceivedDelivery } from './ports/delivery-records.js';
import { errorMessage } from '../errors.js';
import type { Deps } from './deps.js';
import { repoSettings } from '../config.js';
import { proposeRelease } from './propose-release.js';
import { proposeBatch } from './propose-batch.js';
import { handleImageDelivery, isImageDelivery } from './handle-image-rollout.js';

interface PushPayload {
  ref?: string;
  after?: string;
  deleted?: boolean;
  commits?: unknown[];
  head_commit?: { message?: string } | null;
  pusher?: { name?: string };
  sender?: { login?: string };
  repository?: { name?: string; default_branch?: string; archived?: boolean; owner?: { login?: string; name?: string } };
}

export type { DeliveryOutcome };

/**
 * Runs a repository's proposal after the ones before it, within the bound on work that calls
 * GitHub (main.ts gives a KeyedLimiter's). Deliveries that propose nothing never wait for it.
 */
export type ProposalLane = <T>(repo: string, work: () => Promise<T>) => Promise<T>;

const unbounded: ProposalLane = (_repo, work) => work();

/** Wakes what waits for the checks of a commit (releases, release trains); returns how many woke. */
export type ChecksListener = (repo: string, sha: string) => number;

const CHECK_EVENTS = new Set(['check_run', 'check_suite', 'status']);

interface CheckPayload {
  /** `status` */
  sha?: string;
  check_run?: { head_sha?: string };
  check_suite?: { head_sha?: string };
  repository?: { name?: string; owner?: { login?: string } };
}

/** Handles a stored GitHub delivery after it was answered, and records what came of it. */
export async function handleDelivery(
  deps: Deps,
  delivery: ReceivedDelivery,
  lane: ProposalLane = unbounded,
  checks: ChecksListener = () => 0,
): Promise<DeliveryOutcome> {
  // Bindings on each line rather than a child logger: a child per delivery costs the intake more than its two lines.
  const about = { deliveryId: delivery.id, event: delivery.event };
  let result: DeliveryOutcome;
  try {
    result = CHECK_EVENTS.has(delivery.event) ? checksDelivery(deps, delivery, checks) : await dispatch(deps, delivery, lane);
  } catch (error) {
    deps.logger.error({ ...about, err: error }, 'delivery failed');
    result = { status: 'failed', outcome: errorMessage(error) };
  }
  await deps.store.deliveries.finish(delivery.id, result.status, result.outcome);
  deps.logger.info({ ...about, ...result }, 'delivery handled');
  return result;
}

/**
 * `check_run`, `check_suite` and `status`: CI said something about a commit. Whatever waits for
 * that commit's checks reads them again now, rather than at its next poll.
 * https://docs.github.com/webhooks/webhook-events-and-payloads#check_run
 */
function checksDelivery(deps: Deps, delivery: ReceivedDelivery, wake: ChecksListener): DeliveryOutcome {
  const p = (delivery.body ?? JSON.parse(delivery.payload)) as CheckPayload;
  const repo = p.repository?.name;
  const sha = p.sha ?? p.check_run?.head_sha ?? p.check_suite?.head_sha;
  if (!repo || !sha) return { status: 'skipped', outcome: `${delivery.event} payload without repository or commit` };
  const owner = p.repository?.owner?.login ?? '';
  if (owner.toLowerCase() !== deps.config.github.org.toLowerCase())
    return { status: 'skipped', outcome: `repository of ${owner}, not ${deps.config.github.org}` };
  const woken = wake(repo, sha);
  if (woken === 0) return { status: 'skipped', outcome: `nothing waits for the checks of ${repo}@${sha.slice(0, 7)}` };
  return { status: 'processed', outcome: `${woken} waiting for the checks of ${repo}@${sha.slice(0, 7)} read them again` };
}

async function dispatch(deps: Deps, delivery: ReceivedDelivery, lane: ProposalLane): Promise<DeliveryOutcome> {
  if (delivery.event === 'ping') return { status: 'processed', outcome: 'pong' };
  if (isImageDelivery(delivery)) return handleImageDelivery(deps, delivery);
  if (delivery.event !== 'push') return { status: 'skipped', outcome: `event ${delivery.event} is not used` };
  const push = (delivery.body ?? JSON.parse(delivery.payload)) as PushPayload;
  const repo = push.repository;
  if (!repo?.name || !push.ref || !push.after) return { status: 'skipped', outcome: 'push payload without repository, ref or after' };
  const owner = repo.owner?.login ?? repo.owner?.name ?? '';
  if (owner.toLowerCase() !== deps.config.github.org.toLowerCase())
    return { status: 'skipped', outcome: `repository of ${owner}, not ${deps.config.github.org}` };

  const facts = {
    repo: repo.name,
    ref: push.ref,
    defaultBranch: repo.default_branch ?? 'main',
    deleted: push.deleted ?? false,
    archived: repo.archived ?? false,
    headCommitMessage: push.head_commit?.message ?? null,
    commitCount: push.commits?.length ?? 0,
  };
  const { exclude } = deps.config.policy;
  let decision = classifyPush(facts, { exclude, branches: repoSettings(deps.config, repo.name).branches });
  // The repository's own .github/release-bot.yml may declare (or change) its release branches:
  // a push to a branch other than the default one takes the file as last read (it changes only
  // with the default branch, whose pushes read it afresh), and asks only when nothing was read yet.
  if (branchMayDependOnRepoFile(decision, facts) && !matchesGlob(repo.name, exclude)) {
    const file = await deps.github.readRepoFile(repo.name, { known: true });
    decision = classifyPush(facts, { exclude, branches: repoSettings(deps.config, repo.name, file).branches });
  }
  if (decision.kind === 'skip') return { status: 'skipped', outcome: `${decision.reason}: ${decision.detail}` };

  // A release train follows the trigger repository's default branch only; its other release branches release it alone.
  if (decision.line.kind === 'default' && deps.config.policy.connectors.triggerRepos.includes(repo.name)) {
    const batch = await lane(repo.name.toLowerCase(), () =>
      proposeBatch(deps, {
        forcedBump: null,
        dryRun: false,
        channel: deps.config.releaseChannel,
        trigger: 'push',
        requestedBy: null,
        deliveryId: delivery.id,
      }),
    );
    if (batch.kind === 'proposed') return { status: 'processed', outcome: `proposed release train ${batch.batch.id} of ${batch.members.length} connectors` };
    return { status: 'skipped', outcome: 'no connector has anything to release' };
  }
  const pushedBy = push.pusher?.name ?? push.sender?.login ?? null;
  const [name, sha] = [repo.name, push.after];
  const outcome = await lane(name.toLowerCase(), () =>
    proposeRelease(deps, { repo: name, sha, trigger: 'push', requestedBy: null, pushedBy, line: decision.line }),
  );
  if (outcome.kind === 'proposed') return { status: 'processed', outcome: `proposed ${outcome.release.tag} (release ${outcome.release.id})` };
  return { status: 'skipped', outcome: outcome.kind === 'nothing-to-release' ? outcome.detail : outcome.kind };
}

function branchMayDependOnRepoFile(d: PushDecision, facts: { ref: string; archived: boolean }): boolean {
  if (facts.archived || !facts.ref.startsWith('refs/heads/')) return false;
  return d.kind === 'skip' ? d.reason === 'not-default-branch' : d.line.kind !== 'default';
}

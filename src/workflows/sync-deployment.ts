import { repoSettings } from '../config.js';
import { formatTag } from '../domain/parse-tag.js';
import type { Rollout } from '../domain/rollout-model.js';
import { truncate } from '../domain/truncate.js';
import { errorMessage } from '../errors.js';
import type { Deps } from './deps.js';
import { owe } from './owe.js';
import type { DeploymentState } from './ports/github-deployments.js';
import { rolloutThreadOf } from './report-rollout.js';

type SyncDeps = Pick<Deps, 'store' | 'narrator' | 'config' | 'deployments' | 'deployer' | 'logger'>;

export const DEPLOYMENT_ENVIRONMENT = 'production';

/** What GitHub should show for a rollout in its status; null: nothing (yet). */
export function wantedState(r: Pick<Rollout, 'status'>): DeploymentState | null {
  switch (r.status) {
    case 'deploying':
      return 'in_progress';
    case 'deployed':
      return 'success';
    case 'failed':
      return 'failure';
    default:
      return null;
  }
}

/**
 * Brings the rollout's GitHub deployment (environment `production`, ref = the release's tag) to
 * the state its status calls for: created (or found again after a crash, by the rollout id in its
 * payload) and `in_progress` while deploying, `success` or `failure` once it ended; on success,
 * the deployment it replaced is set `inactive` first. Each step is recorded after GitHub has it,
 * and a status is set only when the deployment's newest status is not that one already, so a
 * restart repeats nothing. The rollout is what matters: GitHub refusing (no repository, no such
 * tag, no permission) or not answering after Octokit's retries is recorded and told once in the
 * thread, and the rollout goes on without its deployment. No deployer configured: no deployment.
 */
export async function syncDeployment(deps: SyncDeps, r: Rollout): Promise<void> {
  if (!deps.deployer) {
    // Without a `rollout:` section nothing goes anywhere: no deployment to show (recorded, so a restart does not look again).
    if (wantedState(r)) await deps.store.rolloutDeployments.setError(r.id, 'no deployer is configured');
    return;
  }
  const want = wantedState(r);
  const record = want && (await deps.store.rolloutDeployments.get(r.id));
  if (!want || !record || record.state === want) return;
  const log = deps.logger.child({ rolloutId: r.id, connectorId: r.connectorId });
  try {
    const id = record.error === null ? (record.deploymentId ?? (await findOrCreate(deps, r))) : null;
    if (id !== null) await setOnce(deps, r.connectorId, id, want, describe(r));
    // Even without a deployment of its own: what it replaced is no longer in production.
    if (want === 'success') await inactivateReplaced(deps, r);
    if (id !== null) await deps.store.rolloutDeployments.setState(r.id, want, `rollout ${r.status}`);
  } catch (error) {
    log.error({ err: error }, 'GitHub deployment bookkeeping failed');
    await abandon(deps, r, `GitHub did not take it (${errorMessage(error)})`);
  }
}

/**
 * Explicitly, not by GitHub's auto_inactive: it only touches "prior non-transient, non-production
 * environment deployments" (https://docs.github.com/rest/deployments/deployments#inactive-deployments),
 * and `production` deployments are production ones (production_environment defaults to true
 * there); a rollback's replaced deployment is also newer, not prior.
 */
async function inactivateReplaced(deps: SyncDeps, r: Rollout): Promise<void> {
  for (const replaced of await deps.store.rolloutDeployments.active(r.connectorId, r.id)) {
    const why = `replaced by ${r.version} (rollout #${r.id})`;
    await setOnce(deps, r.connectorId, replaced.deploymentId!, 'inactive', why);
    await deps.store.rolloutDeployments.setState(replaced.rolloutId, 'inactive', why);
  }
}

/** The tag a rollout deploys: the release's, or the version with the connector's tag prefix. */
async function refOf(deps: SyncDeps, r: Rollout): Promise<string> {
  const release = r.releaseId === null ? undefined : await deps.store.releases.get(r.releaseId);
  return release?.tag ?? formatTag(r.version, repoSettings(deps.config, r.connectorId).tagPrefix);
}

async function findOrCreate(deps: SyncDeps, r: Rollout): Promise<number | null> {
  const ref = await refOf(deps, r);
  const repo = r.connectorId;
  // Killed after GitHub created it and before the id was recorded: it is there, with this rollout in its payload.
  const existing = (await deps.deployments.list(repo, { ref, environment: DEPLOYMENT_ENVIRONMENT })).find((d) => isOf(d.payload, r));
  let id = existing?.id;
  if (id === undefined) {
    const created = await deps.deployments.create(repo, {
      ref,
      environment: DEPLOYMENT_ENVIRONMENT,
      description: truncate(`${r.kind === 'rollback' ? 'Rollback' : 'Rollout'} #${r.id}: ${r.image}`, 140),
      payload: { image: r.image, version: r.version, rolloutId: r.id },
    });
    if (created.kind === 'refused') {
      await abandon(deps, r, `${ref} in ${repo}: ${created.reason}`);
      return null;
    }
    id = created.deployment.id;
  }
  await deps.store.rolloutDeployments.setId(r.id, id, `${existing ? 'found' : 'created'} ${repo}@${ref} in ${DEPLOYMENT_ENVIRONMENT}`);
  return id;
}

function isOf(payload: unknown, r: Rollout): boolean {
  const p = typeof payload === 'string' ? safeJson(payload) : payload;
  return typeof p === 'object' && p !== null && (p as { rolloutId?: unknown }).rolloutId === r.id && (p as { image?: unknown }).image === r.image;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function setOnce(deps: SyncDeps, repo: string, id: number, state: DeploymentState, description: string): Promise<void> {
  if ((await deps.deployments.latestState(repo, id)) === state) return;
  await deps.deployments.setStatus(repo, id, { state, description: truncate(description, 140) });
}

function describe(r: Rollout): string {
  switch (r.status) {
    case 'deploying':
      return `Deploying ${r.image}`;
    case 'deployed':
      return `Deployed ${r.image}`;
    default:
      return r.error ?? 'Failed';
  }
}

/** Recorded with the thread reply that tells it, once. */
async function abandon(deps: SyncDeps, r: Rollout, problem: string): Promise<void> {
  deps.logger.warn({ rolloutId: r.id, connectorId: r.connectorId, problem }, 'rollout has no GitHub deployment');
  const thread = await rolloutThreadOf(deps, r);
  await deps.store.transaction(async (tx) => {
    if (!(await tx.rolloutDeployments.setError(r.id, problem))) return;
    await owe(tx, { ...thread, kind: 'post', channel: r.channel, message: deps.narrator.rolloutDeploymentProblem(r, problem) });
  });
}

import type { BotOctokit } from './make-octokit.js';
import type { CreateDeploymentOutcome, DeploymentState, GitHubDeployment, GitHubDeployments } from '../workflows/ports/github-deployments.js';

function status(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error ? Number((error as { status: unknown }).status) : undefined;
}

function message(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } }).response?.data;
  return typeof data?.message === 'string' ? data.message : String((error as Error).message);
}

const toDeployment = (d: { id: number; ref: string; environment: string; payload: unknown }): GitHubDeployment => ({
  id: d.id,
  ref: d.ref,
  environment: d.environment,
  payload: d.payload,
});

/** GitHub Deployments over REST (https://docs.github.com/rest/deployments), for the repositories of one organisation. */
export class OctokitDeployments implements GitHubDeployments {
  constructor(
    private readonly octokit: BotOctokit,
    private readonly org: string,
  ) {}

  async list(repo: string, q: { ref: string; environment: string }): Promise<GitHubDeployment[]> {
    const all = await this.octokit.paginate(this.octokit.rest.repos.listDeployments, {
      owner: this.org,
      repo,
      ref: q.ref,
      environment: q.environment,
      per_page: 100,
    });
    return all.map(toDeployment);
  }

  async create(repo: string, d: { ref: string; environment: string; description: string; payload: Record<string, unknown> }): Promise<CreateDeploymentOutcome> {
    try {
      const res = await this.octokit.rest.repos.createDeployment({
        owner: this.org,
        repo,
        ref: d.ref,
        environment: d.environment,
        description: d.description,
        payload: d.payload,
        // The image is built and going out already: GitHub must neither merge the default branch
        // into the tag (auto_merge defaults to true, and a rollback's older tag is always behind)
        // nor hold the deployment for commit statuses (all contexts by default).
        // https://docs.github.com/rest/deployments/deployments#create-a-deployment
        auto_merge: false,
        required_contexts: [],
        // A 409 is a decision, not a hiccup: no retry.
        request: { retries: 0 },
      });
      if (res.status !== 201)
        return { kind: 'refused', reason: `GitHub answered ${res.status}: ${(res.data as { message?: string }).message ?? 'no deployment made'}` };
      return { kind: 'created', deployment: toDeployment(res.data as GitHubDeployment) };
    } catch (error) {
      const code = status(error);
      if (code === 404) return { kind: 'refused', reason: `GitHub has no repository ${this.org}/${repo} the bot can see (404)` };
      // A secondary rate limit plugin-throttling gave up on is an outage, not a missing permission.
      if (code === 403 && !/rate limit/i.test(message(error)))
        return { kind: 'refused', reason: `GitHub refused it (403: ${message(error)}); the token or App needs the deployments write permission` };
      if (code === 409 || code === 422) return { kind: 'refused', reason: `GitHub refused it (${code}: ${message(error)})` };
      throw error;
    }
  }

  async latestState(repo: string, deploymentId: number): Promise<string | null> {
    // Newest first on GitHub; the highest id is taken rather than the order trusted.
    const res = await this.octokit.rest.repos.listDeploymentStatuses({ owner: this.org, repo, deployment_id: deploymentId, per_page: 100 });
    const newest = res.data.reduce<(typeof res.data)[number] | undefined>((a, s) => (a === undefined || s.id > a.id ? s : a), undefined);
    return newest?.state ?? null;
  }

  async setStatus(repo: string, deploymentId: number, s: { state: DeploymentState; description: string }): Promise<void> {
    await this.octokit.rest.repos.createDeploymentStatus({
      owner: this.org,
      repo,
      deployment_id: deploymentId,
      state: s.state,
      description: s.description,
      // The bot says which deployment it replaced (`inactive`, explicitly): GitHub's
      // auto_inactive never touches production deployments, and on a rollback the replaced one is
      // newer than the one going out, so "prior" deployments would be the wrong ones anyway.
      auto_inactive: false,
    });
  }
}

/** The deployment states the bot sets (https://docs.github.com/rest/deployments/statuses#create-a-deployment-status). */
export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'inactive';

export interface GitHubDeployment {
  id: number;
  ref: string;
  environment: string;
  payload: unknown;
}

/**
 * Expected refusals, told to people rather than thrown: the repository does not exist (404), it
 * has no such ref (422), or GitHub will not create it (409, or 403 without the deployments
 * permission). Outages are exceptions.
 */
export type CreateDeploymentOutcome = { kind: 'created'; deployment: GitHubDeployment } | { kind: 'refused'; reason: string };

/** GitHub Deployments of a repository in the organisation: what a rollout needs to show itself on the repository's Deployments page. */
export interface GitHubDeployments {
  /** every deployment of `ref` to `environment`, newest first */
  list(repo: string, q: { ref: string; environment: string }): Promise<GitHubDeployment[]>;
  create(repo: string, d: { ref: string; environment: string; description: string; payload: Record<string, unknown> }): Promise<CreateDeploymentOutcome>;
  /** the state of the deployment's newest status; null before any */
  latestState(repo: string, deploymentId: number): Promise<string | null>;
  setStatus(repo: string, deploymentId: number, s: { state: DeploymentState; description: string }): Promise<void>;
}

import type { DeploymentRecord, DeploymentStatusRecord } from './deployment-book.js';
import type { RepoRecord } from './git-objects.js';
import { type GitHubUrls, accountJson, nodeId } from './github-urls.js';
import { TOKEN_OWNER } from './release-json.js';

/** A deployment as GitHub's REST API returns it (https://docs.github.com/rest/deployments/deployments#get-a-deployment). */
export function deploymentJson(urls: GitHubUrls, repo: RepoRecord, d: DeploymentRecord): Record<string, unknown> {
  const url = `${urls.repoApi(repo.name)}/deployments/${d.id}`;
  return {
    url,
    id: d.id,
    node_id: nodeId('Deployment', d.id),
    task: d.task,
    original_environment: d.originalEnvironment,
    environment: d.environment,
    description: d.description,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    statuses_url: `${url}/statuses`,
    repository_url: urls.repoApi(repo.name),
    creator: accountJson(urls, TOKEN_OWNER),
    sha: d.sha,
    ref: d.ref,
    payload: d.payload,
    transient_environment: d.transientEnvironment,
    production_environment: d.productionEnvironment,
    performed_via_github_app: null,
  };
}

/** A deployment status (https://docs.github.com/rest/deployments/statuses#get-a-deployment-status). */
export function deploymentStatusJson(urls: GitHubUrls, repo: RepoRecord, d: DeploymentRecord, s: DeploymentStatusRecord): Record<string, unknown> {
  const deploymentUrl = `${urls.repoApi(repo.name)}/deployments/${d.id}`;
  return {
    url: `${deploymentUrl}/statuses/${s.id}`,
    id: s.id,
    node_id: nodeId('DeploymentStatus', s.id),
    state: s.state,
    creator: accountJson(urls, TOKEN_OWNER),
    description: s.description,
    environment: s.environment,
    // "Setting log_url will automatically set target_url to the same value."
    target_url: s.logUrl,
    log_url: s.logUrl,
    environment_url: s.environmentUrl,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    deployment_url: deploymentUrl,
    repository_url: urls.repoApi(repo.name),
    performed_via_github_app: null,
  };
}

import type { CreateDeploymentOutcome, DeploymentState, GitHubDeployment, GitHubDeployments } from '../../../src/workflows/ports/github-deployments.js';

export interface FakeDeployment extends GitHubDeployment {
  repo: string;
  description: string;
  statuses: { state: DeploymentState; description: string }[];
}

/**
 * GitHub Deployments in memory: every repository and ref exists unless `refuse` says otherwise;
 * `failNext` makes the next call of a method throw, as an outage would.
 */
export class FakeDeployments implements GitHubDeployments {
  readonly all: FakeDeployment[] = [];
  private readonly refusals = new Map<string, string>();
  private readonly failing = new Map<keyof GitHubDeployments, number>();

  refuse(repo: string, reason: string): void {
    this.refusals.set(repo, reason);
  }

  failNext(method: keyof GitHubDeployments, times = 1): void {
    this.failing.set(method, times);
  }

  of(repo: string): FakeDeployment[] {
    return this.all.filter((d) => d.repo === repo);
  }

  async list(repo: string, q: { ref: string; environment: string }): Promise<GitHubDeployment[]> {
    this.maybeFail('list');
    return this.of(repo)
      .filter((d) => d.ref === q.ref && d.environment === q.environment)
      .reverse();
  }

  async create(repo: string, d: { ref: string; environment: string; description: string; payload: Record<string, unknown> }): Promise<CreateDeploymentOutcome> {
    this.maybeFail('create');
    const refused = this.refusals.get(repo);
    if (refused) return { kind: 'refused', reason: refused };
    const made: FakeDeployment = { id: this.all.length + 1, repo, ...d, statuses: [] };
    this.all.push(made);
    return { kind: 'created', deployment: made };
  }

  async latestState(repo: string, deploymentId: number): Promise<string | null> {
    this.maybeFail('latestState');
    return this.byId(repo, deploymentId).statuses.at(-1)?.state ?? null;
  }

  async setStatus(repo: string, deploymentId: number, s: { state: DeploymentState; description: string }): Promise<void> {
    this.maybeFail('setStatus');
    this.byId(repo, deploymentId).statuses.push(s);
  }

  private byId(repo: string, id: number): FakeDeployment {
    const found = this.all.find((d) => d.repo === repo && d.id === id);
    if (!found) throw Object.assign(new Error('Not Found'), { status: 404 });
    return found;
  }

  private maybeFail(method: keyof GitHubDeployments): void {
    const left = this.failing.get(method) ?? 0;
    if (left === 0) return;
    this.failing.set(method, left - 1);
    throw new Error(`GitHub answered 502 to ${method}`);
  }
}

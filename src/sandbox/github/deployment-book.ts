import type { GitModel } from './git-model.js';
import type { RepoRecord } from './git-objects.js';

/** https://docs.github.com/rest/deployments/statuses#create-a-deployment-status: "Can be one of …" */
export const DEPLOYMENT_STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

export interface DeploymentStatusRecord {
  id: number;
  state: DeploymentState;
  description: string;
  environment: string;
  logUrl: string;
  environmentUrl: string;
  createdAt: string;
}

export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  task: string;
  payload: unknown;
  originalEnvironment: string;
  /** the environment now: a status may move it */
  environment: string;
  description: string | null;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  createdAt: string;
  updatedAt: string;
  /** oldest first */
  statuses: DeploymentStatusRecord[];
}

export interface NewDeployment {
  sha: string;
  ref: string;
  task: string;
  payload: unknown;
  environment: string;
  description: string | null;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
}

export interface NewDeploymentStatus {
  state: DeploymentState;
  description: string;
  environment?: string;
  logUrl: string;
  environmentUrl: string;
  autoInactive: boolean;
}

/** Deployments and their statuses, per repository, with GitHub's `auto_inactive` rule. */
export class DeploymentBook {
  private nextId = 1;
  private nextStatusId = 1;
  private readonly byRepo = new Map<number, DeploymentRecord[]>();

  constructor(private readonly git: GitModel) {}

  create(repo: RepoRecord, d: NewDeployment): DeploymentRecord {
    const now = this.git.now();
    const { environment, ...rest } = d;
    const record: DeploymentRecord = {
      id: this.nextId++,
      ...rest,
      originalEnvironment: environment,
      environment,
      createdAt: now,
      updatedAt: now,
      statuses: [],
    };
    this.of(repo).push(record);
    return record;
  }

  /** Newest first, as `GET /deployments` lists them. */
  list(repo: RepoRecord): DeploymentRecord[] {
    return [...this.of(repo)].sort((a, b) => b.id - a.id);
  }

  byId(repo: RepoRecord, id: number): DeploymentRecord | undefined {
    return this.of(repo).find((d) => d.id === id);
  }

  /** The state GitHub shows for a deployment: its newest status's. */
  static stateOf(d: DeploymentRecord): DeploymentState | null {
    return d.statuses.at(-1)?.state ?? null;
  }

  /**
   * Adds a status. "If not defined, the environment of the previous status on the deployment
   * will be used, if it exists. Otherwise, the environment of the deployment will be used."
   * `auto_inactive` (default true): "Adds a new inactive status to all prior non-transient,
   * non-production environment deployments with the same repository and environment name as the
   * created status's deployment. An inactive status is only added to deployments that had a
   * success state." https://docs.github.com/rest/deployments/statuses#create-a-deployment-status
   * and https://docs.github.com/rest/deployments/deployments#inactive-deployments. So a
   * `production` deployment (production_environment is true by default there) is never made
   * inactive by this rule.
   */
  addStatus(repo: RepoRecord, d: DeploymentRecord, s: NewDeploymentStatus): DeploymentStatusRecord {
    const environment = s.environment ?? d.statuses.at(-1)?.environment ?? d.environment;
    const status = this.push(d, { state: s.state, description: s.description, environment, logUrl: s.logUrl, environmentUrl: s.environmentUrl });
    d.environment = environment;
    if (s.state === 'success' && s.autoInactive) {
      for (const prior of this.of(repo)) {
        if (prior.id >= d.id || prior.environment !== environment || prior.transientEnvironment || prior.productionEnvironment) continue;
        if (DeploymentBook.stateOf(prior) !== 'success') continue;
        this.push(prior, { state: 'inactive', description: '', environment: prior.environment, logUrl: '', environmentUrl: '' });
      }
    }
    return status;
  }

  private push(d: DeploymentRecord, s: Omit<DeploymentStatusRecord, 'id' | 'createdAt'>): DeploymentStatusRecord {
    const now = this.git.now();
    const status: DeploymentStatusRecord = { id: this.nextStatusId++, ...s, createdAt: now };
    d.statuses.push(status);
    d.updatedAt = now;
    return status;
  }

  private of(repo: RepoRecord): DeploymentRecord[] {
    const list = this.byRepo.get(repo.id) ?? [];
    this.byRepo.set(repo.id, list);
    return list;
  }
}

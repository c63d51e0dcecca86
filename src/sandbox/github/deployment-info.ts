import { DeploymentBook, type DeploymentState } from './deployment-book.js';
import type { RepoRecord } from './git-objects.js';

/** A deployment with its statuses, oldest status first, as a test looks at it. */
export interface DeploymentInfo {
  id: number;
  ref: string;
  sha: string;
  task: string;
  environment: string;
  description: string | null;
  payload: unknown;
  transient_environment: boolean;
  production_environment: boolean;
  /** the newest status's state; null before any */
  state: DeploymentState | null;
  statuses: { state: DeploymentState; description: string; environment: string; log_url: string }[];
}

/** The deployments of `record`, oldest first. */
export function deploymentInfos(book: DeploymentBook, record: RepoRecord): DeploymentInfo[] {
  return book
    .list(record)
    .reverse()
    .map((d) => ({
      id: d.id,
      ref: d.ref,
      sha: d.sha,
      task: d.task,
      environment: d.environment,
      description: d.description,
      payload: d.payload,
      transient_environment: d.transientEnvironment,
      production_environment: d.productionEnvironment,
      state: DeploymentBook.stateOf(d),
      statuses: d.statuses.map((s) => ({ state: s.state, description: s.description, environment: s.environment, log_url: s.logUrl })),
    }));
}

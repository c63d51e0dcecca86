/** One rollout's request to the infrastructure. */
export interface DeployRequest {
  rolloutId: number;
  connectorId: string;
  image: string;
  version: string;
  kind: 'build' | 'manual' | 'rollback';
  /** who asked (a Slack user), or null for an automatic rollout */
  requestedBy: string | null;
  /** the release the bot made of this version, when there is one */
  release: { tag: string; url: string | null } | null;
}

/**
 * What came of it. A refusal or an unreachable infrastructure after the retries is `failed`
 * with a reason a person can act on; exceptions are for bugs and outages the caller reports.
 */
export type DeployResult = { kind: 'deployed'; detail: string; attempts: number } | { kind: 'failed'; reason: string; attempts: number };

/**
 * Puts an image in production. Implementations must be safe to repeat: after a crash the same
 * request is made again when its result was never recorded.
 */
export interface Deployer {
  readonly name: 'http' | 'gitops';
  deploy(req: DeployRequest): Promise<DeployResult>;
}

import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Deployer } from './ports/deployer.js';
import type { Directory } from './ports/directory.js';
import type { GitHubPort, OrgReader } from './ports/github.js';
import type { GitHubDeployments } from './ports/github-deployments.js';
import type { Narrator } from './ports/narrator.js';
import type { Records } from './ports/records.js';
import type { Claims } from './ports/claims.js';

/** The ports the use cases take (each takes the part it needs). Made once, in main.ts. */
export interface Deps {
  config: Config;
  store: Records;
  github: GitHubPort;
  orgReader: OrgReader;
  /** each rollout shows as a deployment on its connector's repository */
  deployments: GitHubDeployments;
  /** renders what people must be told; the use cases owe what it returns to the outbox */
  narrator: Narrator;
  /** Slack user groups, for approvers listed by group */
  directory: Directory;
  logger: Logger;
  /** puts connector images in production (`rollout.deployer`); absent without a `rollout:` section */
  deployer?: Deployer;
  /** one replica at a time for each release, train, connector's rollouts and delivery; absent, this process is the only one */
  claims?: Claims;
  /** the clock of freezes (and expiry): tests move it forward instead of waiting; absent, the system clock */
  now?: () => Date;
}

/** The time by the bot's clock. */
export const clock = (deps: Pick<Deps, 'now'>): Date => deps.now?.() ?? new Date();

import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Deployer } from '../deploy/deployer.js';
import type { GitHubPort, OrgReader } from '../github/github-port.js';
import type { SlackPort } from '../slack/slack-port.js';
import type { Store } from '../store/store.js';

/** The ports every use case takes. Made once, in main.ts. */
export interface Deps {
  config: Config;
  store: Store;
  github: GitHubPort;
  orgReader: OrgReader;
  slack: SlackPort;
  logger: Logger;
  /** puts connector images in production (`rollout.deployer`); absent without a `rollout:` section */
  deployer?: Deployer;
}

import type { FileConfig } from '../config.js';
import { BotError } from '../errors.js';
import type { BotOctokit } from '../github/make-octokit.js';
import type { Deployer } from '../workflows/ports/deployer.js';
import { GitopsDeployer } from './gitops-deployer.js';
import { HttpDeployer, type RetryPolicy } from './http-deployer.js';

/** The token the http deployer sends, from the variable `rollout.tokenEnv` names (to redact it from logs too). */
export function deployToken(rollout: FileConfig['rollout'], env: Record<string, string | undefined>): string | undefined {
  return rollout?.deployer === 'http' ? env[rollout.tokenEnv] : undefined;
}

/** The deployer `rollout.deployer` chooses; none without a `rollout:` section (builds are then recorded and fail with that reason). */
export function makeDeployer(o: {
  rollout: FileConfig['rollout'];
  env: Record<string, string | undefined>;
  octokit: BotOctokit;
  org: string;
  retry?: Partial<RetryPolicy>;
}): Deployer | undefined {
  const r = o.rollout;
  if (!r) return undefined;
  if (r.deployer === 'gitops') return new GitopsDeployer(o.octokit, { org: o.org, repo: r.repo!, path: r.path });
  const token = deployToken(r, o.env);
  if (!token) {
    throw new BotError(
      'config_invalid',
      `Invalid configuration:\n  - ${r.tokenEnv}: required (rollout.tokenEnv names it: the bearer token of the http deployer)`,
    );
  }
  return new HttpDeployer({ url: r.url!, token, retry: o.retry });
}

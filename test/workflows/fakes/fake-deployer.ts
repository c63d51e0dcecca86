import type { Deployer, DeployRequest, DeployResult } from '../../../src/workflows/ports/deployer.js';

type Scripted = DeployResult | Error | ((req: DeployRequest) => DeployResult | Promise<DeployResult>);

/**
 * A deployer that answers from a script, one entry per call (an Error is thrown), then
 * `deployed` once the script runs out; every request is recorded.
 */
export class FakeDeployer implements Deployer {
  readonly requests: DeployRequest[] = [];
  private readonly script: Scripted[] = [];

  constructor(readonly name: 'http' | 'gitops' = 'http') {}

  /** the answers of the next calls, in order */
  answer(...results: Scripted[]): this {
    this.script.push(...results);
    return this;
  }

  async deploy(req: DeployRequest): Promise<DeployResult> {
    this.requests.push(req);
    const next = this.script.shift();
    if (next instanceof Error) throw next;
    if (typeof next === 'function') return next(req);
    return next ?? { kind: 'deployed', detail: `deployed ${req.image}`, attempts: 1 };
  }
}

import type { NewRollout } from '../../../src/domain/rollout-model.js';

/** A build of connector-foo as the rollout records take it, overridable field by field. */
export function newRollout(version: string, over: Partial<NewRollout> = {}): NewRollout {
  return {
    connectorId: 'connector-foo',
    version,
    image: `ghcr.io/acme/connector-foo:${version}`,
    kind: 'build',
    source: 'build-notice',
    needsApproval: false,
    requestedBy: null,
    releaseId: null,
    rollbackOf: null,
    channel: 'C1',
    threadTs: null,
    ownMessage: true,
    ...over,
  };
}

/** The options of a build notice with its dedupe key. */
export const buildKey = (version: string, connectorId = 'connector-foo') => ({ buildKey: `${connectorId}@${version}`, actor: 'ci', reason: 'test' });

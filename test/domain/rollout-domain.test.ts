import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import { describe, expect, it } from 'vitest';
import type { Rollout } from '../../src/domain/rollout-model.js';
import { formatDuration, rolloutDurationMs } from '../../src/domain/rollout-duration.js';
import { parseImageRef } from '../../src/domain/rollout-image-ref.js';
import { parsePackageEvent } from '../../src/domain/rollout-package-event.js';
import { rollbackTarget } from '../../src/domain/rollout-rollback-target.js';
import { canTransition, isStartable } from '../../src/domain/rollout-status.js';

function rollout(id: number, version: string, status: Rollout['status'], finishedAt: string | null): Rollout {
  return {
    id,
    connectorId: 'connector-foo',
    version,
    image: `ghcr.io/acme/connector-foo:${version}`,
    kind: 'build',
    source: 'build-notice',
    status,
    needsApproval: false,
    requestedBy: null,
    approvedBy: null,
    releaseId: null,
    rollbackOf: null,
    channel: 'C1',
    threadTs: null,
    ownMessage: true,
    reported: null,
    attempts: 1,
    result: null,
    error: null,
    receivedAt: '2025-01-01T00:00:00.000Z',
    startedAt: null,
    finishedAt,
    updatedAt: '',
  };
}

describe('the rollout state machine', () => {
  it('moves forward only: approve or retry into deploying, then deployed or failed, then rolled back', () => {
    expect(canTransition('received', 'deploying')).toBe(true);
    expect(canTransition('held', 'deploying')).toBe(true);
    expect(canTransition('failed', 'deploying')).toBe(true);
    expect(canTransition('deploying', 'deployed')).toBe(true);
    expect(canTransition('deployed', 'rolled_back')).toBe(true);
    expect(canTransition('deployed', 'deploying')).toBe(false);
    expect(canTransition('rolled_back', 'deployed')).toBe(false);
    expect(canTransition('received', 'deployed')).toBe(false);
    expect(['received', 'held', 'failed'].every((s) => isStartable(s as Rollout['status']))).toBe(true);
    expect(isStartable('deploying')).toBe(false);
  });
});

describe('rollbackTarget', () => {
  it('goes back to the last image deployed before the current one, skipping redeploys of the same image and rolled-back ones', () => {
    const history = [
      rollout(5, '1.5.0', 'failed', '2025-01-05T00:00:00Z'),
      rollout(4, '1.4.0', 'deployed', '2025-01-04T00:00:00Z'),
      rollout(3, '1.4.0', 'deployed', '2025-01-03T00:00:00Z'),
      rollout(2, '1.3.5', 'rolled_back', '2025-01-02T12:00:00Z'),
      rollout(1, '1.3.0', 'deployed', '2025-01-01T00:00:00Z'),
    ];
    const target = rollbackTarget(history);
    expect(target.kind === 'ok' && [target.current.id, target.previous.id]).toEqual([4, 1]);
  });

  it('orders by when a rollout finished, not by id', () => {
    const target = rollbackTarget([rollout(2, '2.0.0', 'deployed', '2025-01-01T00:00:00Z'), rollout(1, '1.0.0', 'deployed', '2025-01-02T00:00:00Z')]);
    expect(target.kind === 'ok' && target.current.version).toBe('1.0.0');
  });

  it('says when there is nothing to go back to', () => {
    expect(rollbackTarget([rollout(1, '1.0.0', 'failed', '2025-01-01T00:00:00Z')])).toEqual({ kind: 'nothing-deployed' });
    expect(rollbackTarget([rollout(1, '1.0.0', 'deployed', '2025-01-01T00:00:00Z')]).kind).toBe('no-previous');
  });
});

describe('durations', () => {
  it('formats for people', () => {
    expect([850, 1340, 42_400, 125_000, 120_000].map(formatDuration)).toEqual(['850 ms', '1.3 s', '42 s', '2 min 5 s', '2 min']);
  });
  it('is the time from the start of the deploy to its end', () => {
    expect(rolloutDurationMs({ startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:01.250Z' })).toBe(1250);
    expect(rolloutDurationMs({ startedAt: '2025-01-01T00:00:00.000Z', finishedAt: null })).toBeNull();
  });
});

describe('parseImageRef', () => {
  it('takes an image apart', () => {
    expect(parseImageRef('ghcr.io/acme/connector-foo:1.4.0')).toEqual({ repository: 'ghcr.io/acme/connector-foo', tag: '1.4.0', digest: null });
    expect(parseImageRef('localhost:5000/foo')).toEqual({ repository: 'localhost:5000/foo', tag: null, digest: null });
    expect(parseImageRef(`foo:1@sha256:${'a'.repeat(64)}`)).toEqual({ repository: 'foo', tag: '1', digest: `sha256:${'a'.repeat(64)}` });
    expect(parseImageRef('GHCR.io/Acme/Foo:1')).toBeNull();
    expect(parseImageRef('foo bar')).toBeNull();
    expect(parseImageRef('<!channel>')).toBeNull();
  });
});

describe('parsePackageEvent', () => {
  const o = { org: 'acme', connectorPrefix: 'connector-' };
  const payload = (over: Record<string, unknown> = {}, tag = '1.4.0') => ({
    action: 'published',
    package: {
      name: 'connector-foo',
      package_type: 'container',
      owner: { login: 'acme' },
      package_version: { container_metadata: { tag: { name: tag, digest: 'sha256:x' } }, package_url: `ghcr.io/acme/connector-foo:${tag}` },
      ...over,
    },
  });

  it('reads a container published to ghcr.io as a build', () => {
    expect(parsePackageEvent('package', payload(), o)).toEqual({
      ok: true,
      notice: { connectorId: 'connector-foo', image: 'ghcr.io/acme/connector-foo:1.4.0', version: '1.4.0' },
    });
    const registry = {
      action: 'published',
      registry_package: { ...payload().package, package_type: 'CONTAINER', package_version: { container_metadata: { tag: { name: '1.4.0' } } } },
    };
    expect(parsePackageEvent('registry_package', registry, o)).toMatchObject({ ok: true, notice: { image: 'ghcr.io/acme/connector-foo:1.4.0' } });
  });

  it('is not a build for another action, type, owner, repository, an untagged digest or a tag that is no version', () => {
    expect(parsePackageEvent('package', { ...payload(), action: 'updated' }, o)).toMatchObject({ ok: false, reason: expect.stringMatching(/published/) });
    expect(parsePackageEvent('package', payload({ package_type: 'npm' }), o)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a container/) });
    expect(parsePackageEvent('package', payload({ owner: { login: 'evil' } }), o)).toMatchObject({ ok: false, reason: expect.stringMatching(/evil/) });
    expect(parsePackageEvent('package', payload({ name: 'widget' }), o)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a connector/) });
    expect(parsePackageEvent('package', payload({}, ''), o)).toMatchObject({ ok: false, reason: expect.stringMatching(/untagged/) });
    expect(parsePackageEvent('package', payload({}, 'latest'), o)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a version/) });
  });
});

describe("parsePackageEvent on GitHub's own examples", () => {
  it('is not a build for the npm packages of @octokit/webhooks-examples', () => {
    const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];
    const packages = examples.find((e) => e.name === 'package')!.examples;
    expect(packages.length).toBeGreaterThan(0);
    for (const example of packages) {
      expect(parsePackageEvent('package', example as unknown, { org: 'Codertocat', connectorPrefix: 'hello-' })).toEqual({
        ok: false,
        reason: 'package type npm is not a container image',
      });
    }
  });
});

import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import { describe, expect, it } from 'vitest';
import { handleDelivery } from '../../src/workflows/handle-delivery.js';
import type { Delivery } from '../../src/workflows/ports/delivery-records.js';
import { makeDeps, ORG, owed, TEST_YAML, type TestDeps } from './fakes/make-deps.js';
import { connectors } from './fakes/connector-train.js';

const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];
const example = (name: string) => examples.find((e) => e.name === name)!.examples as Record<string, unknown>[];
/** GitHub's own example of a push to a branch (Codertocat/Hello-World), made a push to one of ours. */
const pushExample = example('push').find((p) => String(p.ref).startsWith('refs/heads/') && (p.commits as unknown[]).length > 0)!;

function push(o: { repo: string; after: string; ref?: string; owner?: string; message?: string }): Record<string, unknown> {
  const repository = pushExample.repository as Record<string, unknown>;
  return {
    ...pushExample,
    ref: o.ref ?? 'refs/heads/main',
    after: o.after,
    head_commit: { ...(pushExample.head_commit as object), id: o.after, message: o.message ?? 'fix: something' },
    repository: {
      ...repository,
      name: o.repo,
      full_name: `${o.owner ?? ORG}/${o.repo}`,
      default_branch: 'main',
      owner: { ...(repository.owner as object), login: o.owner ?? ORG, name: o.owner ?? ORG },
    },
  };
}

/** Stores a delivery as the webhook route does, and hands it over as the bot does after answering. */
function deliver(t: TestDeps, id: string, event: string, payload: unknown, source: Delivery['source'] = 'github'): Delivery {
  t.sync.deliveries.insert({ id, source, event, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
  return t.sync.deliveries.get(id)!;
}

function widget(t: TestDeps): string {
  const [first] = t.github.addRepo('widget', { commits: ['feat: first', 'fix: second'] });
  t.github.tag('widget', 'v1.0.0', first!);
  return t.github.head('widget');
}

describe('handleDelivery', () => {
  it('answers a ping with pong and records it', async () => {
    const t = makeDeps();
    const d = deliver(t, 'd-ping', 'ping', example('ping')[0]);

    expect(await handleDelivery(t, d)).toEqual({ status: 'processed', outcome: 'pong' });
    expect(t.sync.deliveries.get('d-ping')).toMatchObject({ status: 'processed', outcome: 'pong' });
  });

  it('turns a push to the default branch into a proposal of its head commit', async () => {
    const t = makeDeps();
    const head = widget(t);

    const result = await handleDelivery(t, deliver(t, 'd-1', 'push', push({ repo: 'widget', after: head })));

    expect(result).toEqual({ status: 'processed', outcome: 'proposed v1.0.1 (release 1)' });
    expect(t.sync.releases.get(1)).toMatchObject({ sha: head, trigger: 'push', requestedBy: null });
    expect(owed(t.sync).map((r) => r.key)).toEqual(['release:1:proposal']);
    expect(t.sync.deliveries.get('d-1')).toMatchObject({ status: 'processed', outcome: 'proposed v1.0.1 (release 1)' });
  });

  it('handles a push again without a second proposal when its release went on meanwhile (the bot stopped before recording the delivery)', async () => {
    const t = makeDeps();
    const head = widget(t);
    const first = deliver(t, 'd-again', 'push', push({ repo: 'widget', after: head }));
    await handleDelivery(t, first);
    t.sync.releases.approve(1, 'U0APPROVER');
    t.sync.releases.advance(1, 'approved', 'tagged', 'bot', 'tagged');

    // The restarted bot finds the delivery still pending and hands it over again.
    const again = await handleDelivery(t, first);

    expect(again).toEqual({ status: 'processed', outcome: 'proposed v1.0.1 (release 1)' });
    expect(t.sync.releases.history('widget').map((r) => [r.id, r.status])).toEqual([[1, 'tagged']]);
    expect(owed(t.sync).map((r) => r.key)).toEqual(['release:1:proposal']);
  });

  it("skips a push to another branch, saying why, and asks GitHub only for the repository's own file", async () => {
    const t = makeDeps();
    const head = widget(t);

    const result = await handleDelivery(t, deliver(t, 'd-2', 'push', push({ repo: 'widget', after: head, ref: 'refs/heads/feature/csv' })));

    expect(result).toEqual({ status: 'skipped', outcome: 'not-default-branch: push to refs/heads/feature/csv, not the default branch main' });
    // its .github/release-bot.yml could make the branch a release branch (an unchanged file answers a free 304)
    expect(t.github.calls).toEqual([{ method: 'readRepoFile', repo: 'widget' }]);
    expect(t.sync.outbox.pending()).toEqual([]);
  });

  it("proposes a prerelease on a push to a release branch declared by the repository's .github/release-bot.yml", async () => {
    const t = makeDeps();
    const head = widget(t);
    t.github.setRepoFile('widget', 'branches:\n  develop: { prerelease: beta }\n');

    const result = await handleDelivery(t, deliver(t, 'd-beta', 'push', push({ repo: 'widget', after: head, ref: 'refs/heads/develop' })));

    expect(result).toEqual({ status: 'processed', outcome: 'proposed v1.0.1-beta.1 (release 1)' });
    expect(t.sync.releases.get(1)).toMatchObject({
      line: 'prerelease',
      pre: 'beta',
      defaultBranch: 'develop',
      repoFile: { kind: 'applied', keys: ['branches'] },
    });
  });

  it('skips a push that says [skip release], a tag push, and a push of another organisation', async () => {
    const t = makeDeps();
    const head = widget(t);

    expect(await handleDelivery(t, deliver(t, 'd-3', 'push', push({ repo: 'widget', after: head, message: 'docs: typo [skip release]' })))).toEqual({
      status: 'skipped',
      outcome: 'skip-release-marker: the head commit says [skip release]',
    });
    expect(await handleDelivery(t, deliver(t, 'd-4', 'push', push({ repo: 'widget', after: head, ref: 'refs/tags/v9.0.0' })))).toEqual({
      status: 'skipped',
      outcome: 'tag-push: push of the tag v9.0.0, not a branch',
    });
    expect(await handleDelivery(t, deliver(t, 'd-5', 'push', push({ repo: 'widget', after: head, owner: 'Codertocat' })))).toEqual({
      status: 'skipped',
      outcome: `repository of Codertocat, not ${ORG}`,
    });
    expect(t.github.calls).toEqual([]);
  });

  it("skips GitHub's own example pushes, which come from another organisation", async () => {
    const t = makeDeps();
    for (const [i, payload] of example('push').entries()) {
      expect((await handleDelivery(t, deliver(t, `ex-${i}`, 'push', payload))).status).toBe('skipped');
    }
    expect(t.github.calls).toEqual([]);
  });

  it('skips a push payload without repository, ref or after, and an event it does not use', async () => {
    const t = makeDeps();

    expect(await handleDelivery(t, deliver(t, 'd-6', 'push', { ref: 'refs/heads/main' }))).toEqual({
      status: 'skipped',
      outcome: 'push payload without repository, ref or after',
    });
    expect(await handleDelivery(t, deliver(t, 'd-7', 'issues', { action: 'opened' }))).toEqual({ status: 'skipped', outcome: 'event issues is not used' });
  });

  it('records a payload that is not JSON as failed and logs it once with the delivery id', async () => {
    const t = makeDeps();

    const result = await handleDelivery(t, deliver(t, 'd-8', 'push', '{"ref": '));

    expect(result.status).toBe('failed');
    expect(t.sync.deliveries.get('d-8')).toMatchObject({ status: 'failed', outcome: result.outcome });
    expect(t.logs.filter((l) => l.msg === 'delivery failed')).toMatchObject([{ level: 50, deliveryId: 'd-8', event: 'push' }]);
  });

  it('records a GitHub outage while proposing as failed, for the delivery to be looked at', async () => {
    const t = makeDeps();
    const head = widget(t);
    t.github.failNext({ status: 502, message: 'Bad Gateway' }, { method: 'listTags' });

    expect(await handleDelivery(t, deliver(t, 'd-9', 'push', push({ repo: 'widget', after: head })))).toEqual({ status: 'failed', outcome: 'Bad Gateway' });
    expect(t.sync.releases.get(1)).toBeUndefined();
  });

  it('logs every handled delivery with its id and outcome', async () => {
    const t = makeDeps();
    await handleDelivery(t, deliver(t, 'd-10', 'ping', {}));
    expect(t.logs.find((l) => l.msg === 'delivery handled')).toMatchObject({
      level: 30,
      deliveryId: 'd-10',
      event: 'ping',
      status: 'processed',
      outcome: 'pong',
    });
  });

  it('proposes a release train for a push to a trigger repository, once per delivery', async () => {
    const t = makeDeps();
    connectors(t);
    const kit = t.github.addRepo('connector-kit', { commits: ['feat: shared client'] })[0]!;
    const d = deliver(t, 'd-11', 'push', push({ repo: 'connector-kit', after: kit }));

    expect(await handleDelivery(t, d)).toEqual({ status: 'processed', outcome: 'proposed release train 1 of 3 connectors' });
    expect(await handleDelivery(t, d)).toEqual({ status: 'processed', outcome: 'proposed release train 1 of 3 connectors' });
    expect(owed(t.sync).map((r) => r.key)).toEqual(['batch:1:card']);
  });

  it('turns a build notice into a rollout and deploys it; the same build again is skipped as a duplicate', async () => {
    const t = makeDeps({ yaml: `${TEST_YAML}\nrollout:\n  url: https://deploy.test/hooks\n` });
    const notice = { build: { type: 'connector', connectorId: 'connector-foo', image: 'ghcr.io/acme/connector-foo:1.4.0', version: '1.4.0' } };

    expect(await handleDelivery(t, deliver(t, 'b-1', 'build', notice, 'build'))).toEqual({
      status: 'processed',
      outcome: 'rollout 1 of connector-foo 1.4.0 deployed',
    });
    expect(await handleDelivery(t, deliver(t, 'b-2', 'build', notice, 'build'))).toEqual({
      status: 'skipped',
      outcome: 'connector-foo 1.4.0 was received before: rollout 1 of connector-foo 1.4.0 (deployed)',
    });
    expect(t.deployer!.requests).toHaveLength(1);
  });

  it('skips a build notice that does not name a connector image, saying what is wrong', async () => {
    const t = makeDeps();
    const notice = { build: { type: 'connector', connectorId: 'connector-foo', image: 'not an image', version: '1.4.0' } };

    expect(await handleDelivery(t, deliver(t, 'b-3', 'build', notice, 'build'))).toEqual({
      status: 'skipped',
      outcome: 'build.image is not an image reference like ghcr.io/acme/connector-foo:1.4.0',
    });
    expect(t.sync.rollouts.ofConnector('connector-foo')).toEqual([]);
  });

  it('turns a GitHub Packages container publish of a connector into a rollout, and skips other packages', async () => {
    const t = makeDeps({ yaml: `${TEST_YAML}\nrollout:\n  url: https://deploy.test/hooks\n` });
    const published = (name: string, tag: string, type = 'container') => ({
      action: 'published',
      package: {
        name,
        namespace: ORG,
        package_type: type,
        owner: { login: ORG },
        package_version: { version: tag, container_metadata: { tag: { name: tag } } },
      },
    });

    expect(await handleDelivery(t, deliver(t, 'p-1', 'package', published('connector-foo', '2.1.0')))).toEqual({
      status: 'processed',
      outcome: 'rollout 1 of connector-foo 2.1.0 deployed',
    });
    expect(t.sync.rollouts.get(1)).toMatchObject({ source: 'github-package', image: 'ghcr.io/acme/connector-foo:2.1.0' });
    expect(await handleDelivery(t, deliver(t, 'p-2', 'package', published('connector-foo', 'latest')))).toEqual({
      status: 'skipped',
      outcome: 'connector-foo: tag latest is not a version',
    });
    expect(await handleDelivery(t, deliver(t, 'p-3', 'package', published('left-pad', '1.0.0', 'npm')))).toEqual({
      status: 'skipped',
      outcome: 'package type npm is not a container image',
    });
    expect(t.deployer!.requests).toHaveLength(1);
  });
});

describe('handleDelivery with a proposal lane', () => {
  it('proposes a push to main inside the lane of its repository; a skipped push never enters a lane', async () => {
    const t = makeDeps();
    const head = widget(t);
    const entered: string[] = [];
    const lane = <T>(repo: string, work: () => Promise<T>) => {
      entered.push(repo);
      return work();
    };

    const skipped = await handleDelivery(t, deliver(t, 'd-l1', 'push', push({ repo: 'widget', after: head, ref: 'refs/heads/feature/csv' })), lane);
    expect(skipped.status).toBe('skipped');
    expect(entered).toEqual([]);

    const proposed = await handleDelivery(t, deliver(t, 'd-l2', 'push', push({ repo: 'widget', after: head })), lane);
    expect(proposed).toEqual({ status: 'processed', outcome: 'proposed v1.0.1 (release 1)' });
    expect(entered).toEqual(['widget']);
  });
});

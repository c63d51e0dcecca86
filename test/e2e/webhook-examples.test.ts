import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RELEASE_CHANNEL, startWorld, type World } from './world.js';

const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];
const example = (name: string) => examples.find((e) => e.name === name)!.examples as Record<string, unknown>[];

describe("GitHub's own example payloads, signed for real", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  it('answers every push and ping example, and records why pushes from another organisation make nothing', async () => {
    let n = 0;
    for (const payload of example('ping')) {
      const res = await world.webhook('ping', payload, { id: `ping-${++n}` });
      expect(res.status).toBe(202);
    }
    for (const payload of example('push')) {
      const res = await world.webhook('push', payload, { id: `push-${++n}` });
      expect(res.status).toBe(202);
    }
    await world.bot.idle();
    expect(world.bot.store.deliveries.get('ping-1')).toMatchObject({ status: 'processed', outcome: 'pong' });
    const pushes = world.bot.store.deliveries.pending();
    expect(pushes).toEqual([]);
    for (let i = 5; i <= n; i++) {
      const d = world.bot.store.deliveries.get(`push-${i}`)!;
      expect(d.status, d.outcome ?? '').toBe('skipped');
    }
    expect(world.bot.store.deliveries.get('push-5')!.outcome).toMatch(/not acme|tag-push|not-default-branch|branch-deleted/);
    expect(world.slack.messages(RELEASE_CHANNEL)).toHaveLength(0);
    expect(world.github.stats.requests).toHaveLength(0);
  });

  it('proposes a release from the push example once it names a repository of the organisation', async () => {
    world.github.createRepo('Hello-World');
    world.github.commit('Hello-World', 'feat: hello');
    world.github.tag('Hello-World', 'v0.1.0');
    const before = world.github.head('Hello-World');
    const after = world.github.commit('Hello-World', 'fix: say hello properly');
    const original = example('push').find((p) => p.ref === 'refs/heads/main' || p.ref === 'refs/heads/master')!;
    const repository = {
      ...(original.repository as Record<string, unknown>),
      name: 'Hello-World',
      owner: { ...(original.repository as { owner: object }).owner, login: 'acme', name: 'acme' },
      default_branch: String(original.ref).replace('refs/heads/', ''),
    };
    const payload = {
      ...original,
      before,
      after,
      repository,
      head_commit: { ...(original.head_commit as object), id: after, message: 'fix: say hello properly' },
      commits: [{ id: after, message: 'fix: say hello properly' }],
    };
    expect((await world.webhook('push', payload)).status).toBe(202);
    const proposal = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL)[0]);
    expect(proposal.text).toContain('Hello-World: v0.1.0 → v0.1.1');
  });
});

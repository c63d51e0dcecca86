import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import { describe, expect, it } from 'vitest';
import { keptPush } from '../../src/domain/kept-push.js';

const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];
const pushes = examples.find((e) => e.name === 'push')!.examples as Record<string, unknown>[];

describe('keptPush', () => {
  it.each(pushes.map((p, i) => [i, p] as const))("keeps every field the bot reads of GitHub's push example %i, at a fraction of its size", (_i, push) => {
    const kept = JSON.parse(JSON.stringify(keptPush(push))) as Record<string, any>;
    const full = push as Record<string, any>;
    for (const key of ['ref', 'before', 'after', 'deleted', 'created', 'forced', 'base_ref']) expect(kept[key], key).toEqual(full[key]);
    expect(kept.commits).toHaveLength(full.commits.length);
    expect(kept.head_commit?.message ?? null).toEqual(full.head_commit?.message ?? null);
    expect(kept.pusher.name).toBe(full.pusher.name);
    expect(kept.sender.login).toBe(full.sender.login);
    for (const key of ['name', 'default_branch', 'archived']) expect(kept.repository[key], key).toEqual(full.repository[key]);
    expect(kept.repository.owner.login).toBe(full.repository.owner.login);
    expect(JSON.stringify(kept).length).toBeLessThan(JSON.stringify(full).length / 3);
  });
});

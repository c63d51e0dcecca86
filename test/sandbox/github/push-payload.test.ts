import { Webhooks } from '@octokit/webhooks';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ZERO_SHA } from '../../../src/sandbox/github/github-emulator.js';
import { useEmulators } from './emulator-harness.js';

// The package is a JSON file whose typings claim an ES default export: load it as the JSON it is.
const webhookExamples = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];

describe('GitHubEmulator push payloads', () => {
  const start = useEmulators();

  const SECRET = 'whsec-emulator';

  it('are shaped like the @octokit/webhooks-examples push, sign and verify for real, and carry what a push handler reads', async () => {
    const { github } = await start();
    github.createRepo('widget');
    github.commit('widget', 'chore: initial commit', { files: { 'README.md': '# widget\n' } });
    const before = github.head('widget');
    github.commit('widget', 'fix: handle empty input', { author: { name: 'Bob', email: 'bob@example.com', username: 'bob' }, files: { 'src/a.ts': 'a' } });
    const after = github.commit('widget', 'feat(api): add the export endpoint', { files: { 'src/a.ts': 'b', 'README.md': null } });
    const payload = github.pushPayload('widget', { before, after });

    const webhooks = new Webhooks({ secret: SECRET });
    const received: unknown[] = [];
    webhooks.on('push', ({ payload: p }) => {
      received.push(p);
    });
    const body = JSON.stringify(payload);
    const signature = await webhooks.sign(body);
    expect(await webhooks.verify(body, signature)).toBe(true);
    expect(await webhooks.verify(body, await new Webhooks({ secret: 'other' }).sign(body))).toBe(false);
    await webhooks.verifyAndReceive({ id: 'delivery-1', name: 'push', payload: body, signature });
    expect(received).toHaveLength(1);

    // biome-ignore lint/suspicious/noExplicitAny: a webhook payload, walked field by field in the assertions
    const push = received[0] as Record<string, any>;
    expect(push).toMatchObject({ ref: 'refs/heads/main', before, after, created: false, deleted: false, forced: false, base_ref: null });
    expect(push.compare).toBe(`${github.webUrl}/acme/widget/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`);
    expect(push.commits.map((c: { id: string; message: string }) => c.message)).toEqual(['fix: handle empty input', 'feat(api): add the export endpoint']);
    expect(push.commits[0]).toMatchObject({
      distinct: true,
      author: { name: 'Bob', email: 'bob@example.com', username: 'bob' },
      added: ['src/a.ts'],
      removed: [],
      modified: [],
    });
    expect(push.commits[1]).toMatchObject({ id: after, added: [], removed: ['README.md'], modified: ['src/a.ts'] });
    expect(push.head_commit).toMatchObject({ id: after, url: `${github.webUrl}/acme/widget/commit/${after}` });
    expect(push.repository).toMatchObject({
      name: 'widget',
      full_name: 'acme/widget',
      default_branch: 'main',
      archived: false,
      html_url: `${github.webUrl}/acme/widget`,
      owner: { login: 'acme', name: 'acme' },
    });
    expect(push.organization.login).toBe('acme');
    expect(push.sender.login).toBe('sandbox-dev');

    // Every field of GitHub's own example is there, at every level a handler reads.
    // biome-ignore lint/suspicious/noExplicitAny: GitHub's example payloads, walked field by field
    const pushExamples = webhookExamples.find((d) => d.name === 'push')!.examples as unknown as Record<string, any>[];
    const example = pushExamples.find((e) => 'organization' in e)!;
    const withCommit = pushExamples.find((e) => e.commits.length > 0)!;
    const missing = (ours: Record<string, unknown>, theirs: Record<string, unknown>) => Object.keys(theirs).filter((k) => !(k in ours));
    expect(missing(push, example).filter((k) => k !== 'installation')).toEqual([]);
    expect(missing(push.repository, example.repository)).toEqual([]);
    expect(missing(push.repository.owner, example.repository.owner)).toEqual([]);
    expect(missing(push.sender, example.sender)).toEqual([]);
    expect(missing(push.organization, example.organization)).toEqual([]);
    expect(missing(push.commits[0], withCommit.commits[0])).toEqual([]);
    expect(missing(push.head_commit, withCommit.head_commit)).toEqual([]);
    expect(typeof push.repository.created_at).toBe(typeof example.repository.created_at);
  });

  it("lists every pushed commit up to GitHub's 2048, the most recent ones when capped lower", async () => {
    const { github } = await start();
    github.createRepo('widget');
    const before = github.commit('widget', 'feat: start');
    const shas = Array.from({ length: 25 }, (_, i) => github.commit('widget', `fix: ${i}`));
    const all = github.pushPayload('widget', { before }).commits as { id: string }[];
    expect(all.map((c) => c.id)).toEqual(shas);
    const capped = github.pushPayload('widget', { before, maxCommits: 20 }).commits as { id: string }[];
    expect(capped.map((c) => c.id)).toEqual(shas.slice(5));
  });

  it('describes tag pushes, created branches and deletions like GitHub', async () => {
    const { github } = await start();
    github.createRepo('widget');
    github.commit('widget', 'feat: one');
    const head = github.head('widget');
    github.tag('widget', 'v1.0.0', { annotated: true, message: 'v1' });
    const tagObject = github.tags('widget')[0]!.tagObjectSha!;

    const tag = github.pushPayload('widget', { before: ZERO_SHA, ref: 'refs/tags/v1.0.0' });
    expect(tag).toMatchObject({ ref: 'refs/tags/v1.0.0', after: tagObject, created: true, commits: [], base_ref: 'refs/heads/main' });
    expect((tag.head_commit as { id: string }).id).toBe(head);

    const branchSha = github.commit('widget', 'wip', { branch: 'feature/x' });
    const branch = github.pushPayload('widget', { before: ZERO_SHA, ref: 'feature/x' });
    expect(branch).toMatchObject({ ref: 'refs/heads/feature/x', after: branchSha, created: true });
    expect((branch.commits as { id: string }[]).map((c) => c.id)).toEqual([branchSha]);

    const deleted = github.pushPayload('widget', { before: branchSha, ref: 'refs/heads/feature/x', deleted: true });
    expect(deleted).toMatchObject({ after: ZERO_SHA, deleted: true, created: false, commits: [], head_commit: null });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { RELEASE_CHANNEL, seedWidget, startWorld, type World } from './world.js';

describe('webhook intake: deliveries handled after the answer, side by side', () => {
  let world: World;
  afterEach(async () => {
    await world.stop();
  });

  it('proposes pushes to different repos concurrently (GitHub sees more than one request at once), each once', async () => {
    world = await startWorld({ config: 'approvers: [S0RELEASERS]\ngithub:\n  concurrency: 4\n', github: { latencyMs: 20 } });
    const repos = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
    const pushes = repos.map((repo) => {
      world.github.createRepo(repo);
      world.github.commit(repo, 'feat: first version');
      world.github.tag(repo, 'v1.0.0');
      const before = world.github.head(repo);
      world.github.commit(repo, 'fix: the edge case');
      return world.github.pushPayload(repo, { before });
    });
    world.github.resetStats();
    const answers = await Promise.all(pushes.map((payload) => world.webhook('push', payload)));
    expect(answers.map((a) => a.status)).toEqual(repos.map(() => 202));
    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).length >= repos.length || undefined, 15_000);
    await world.bot.idle();
    const proposals = world.slack.messages(RELEASE_CHANNEL).map((m) => m.text);
    for (const repo of repos)
      expect(
        proposals.filter((t) => t.includes(`${repo}: v1.0.0 → v1.0.1`)),
        repo,
      ).toHaveLength(1);
    expect(proposals).toHaveLength(repos.length);
    expect(world.github.stats.peakConcurrency).toBeGreaterThan(1);
    expect(world.github.stats.peakConcurrency).toBeLessThanOrEqual(4);
  });

  it("handles one repo's pushes in the order they arrived: the later push's proposal supersedes the earlier", async () => {
    // GitHub answers slowly enough that two deliveries handled side by side would interleave their requests.
    world = await startWorld({ github: { latencyMs: 20 } });
    const { before, after } = seedWidget(world.github);
    const newer = world.github.commit('widget', 'feat!: drop the old API');
    const seen: string[] = [];
    world.github.onBeforeRespond((r) => {
      seen.push(r.path);
    });
    expect((await world.webhook('push', world.github.pushPayload('widget', { before, after }))).status).toBe(202);
    expect((await world.webhook('push', world.github.pushPayload('widget', { before: after, after: newer }))).status).toBe(202);
    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).filter((m) => /→/.test(m.text)).length >= 2 || undefined);
    await world.bot.idle();
    const [first, second] = world.slack.messages(RELEASE_CHANNEL);
    expect(first.text).toContain('v1.2.3 → v1.3.0');
    expect(second.text).toContain('v1.2.3 → v2.0.0');
    expect(world.slack.message(RELEASE_CHANNEL, first.ts)!.text).toMatch(/Superseded/);
    expect(world.slack.message(RELEASE_CHANNEL, second.ts)!.text).not.toMatch(/Superseded/);
    expect(JSON.stringify(world.slack.message(RELEASE_CHANNEL, second.ts)!.blocks)).toContain('release_approve');
    // The second push's first request (the repository) came after the first push's last (its compare).
    const repoReads = seen.flatMap((path, i) => (path.endsWith('/repos/acme/widget') ? [i] : []));
    expect(repoReads).toHaveLength(2);
    expect(seen.findIndex((path) => path.endsWith(`...${after}`))).toBeLessThan(repoReads[1]);
  });
});

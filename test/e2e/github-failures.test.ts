import { afterEach, describe, expect, it } from 'vitest';
import { APPROVER, RELEASE_CHANNEL, seedWidget, startWorld, type World } from './world.js';

const FAST = { requestBaseMs: 5, step: { baseMs: 20, maxMs: 100, forMs: 1500 } };

describe('GitHub failing during a release step', () => {
  let world: World;
  afterEach(async () => {
    await world.stop();
  });

  async function proposeAndApprove(w: World) {
    const { before, after } = seedWidget(w.github);
    await w.webhook('push', w.github.pushPayload('widget', { before, after }));
    const proposal = await w.slack.waitFor(() => w.slack.messages(RELEASE_CHANNEL).find((m) => /→/.test(m.text)));
    return {
      proposal,
      approve: () => w.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER }),
    };
  }

  it('tries a step again through a short 5xx outage, and the release finishes once', async () => {
    world = await startWorld({ githubRetry: FAST });
    const { approve } = await proposeAndApprove(world);
    // More 502s than plugin-retry's three retries within a request: the step itself is tried again.
    world.github.failNext({ method: 'POST', path: /\/releases$/ }, { status: 502, body: { message: 'Bad Gateway' } }, 6);
    await approve();
    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)), 15_000);
    expect(world.github.releases('widget')).toHaveLength(1);
    expect(world.logs.some((l) => l.includes('GitHub did not answer a release step; trying again'))).toBe(true);
  });

  it('fails the release with the reason and Retry when GitHub stays down past the bound', async () => {
    world = await startWorld({ githubRetry: FAST });
    const { proposal, approve } = await proposeAndApprove(world);
    world.github.failNext({ method: 'POST', path: /\/releases$/ }, { status: 503, body: { message: 'Service Unavailable' } }, 10_000);
    await approve();
    const failure = await world.slack.waitFor(() => world.slack.replies(RELEASE_CHANNEL, proposal.ts).find((m) => /failed/i.test(m.text)), 15_000);
    const release = world.bot.store.releases.get(1)!;
    expect(release.status).toBe('failed');
    expect(release.error).toMatch(/did not answer the publish step \(503.*Press Retry once GitHub is back/);
    expect(failure.text).toContain('Press Retry');
    await world.slack.waitFor(() => JSON.stringify(world.slack.message(RELEASE_CHANNEL, proposal.ts)!.blocks).includes('release_retry'));
  });

  it("waits for the reset when GitHub's primary limit is spent, then goes on: proposed and released once, nothing failed", async () => {
    // GitHub's hour scaled down to 2 s, 4 requests in it: a proposal and a release need about a dozen.
    world = await startWorld({ githubRetry: FAST, github: { primaryLimit: { limit: 4, windowMs: 2000 } } });
    const { proposal, approve } = await proposeAndApprove(world);
    await approve();
    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)), 30_000);
    expect(world.github.stats.primaryLimited).toBeGreaterThan(0);
    expect(world.logs.some((l) => l.includes('GitHub rate limit hit'))).toBe(true);
    expect(world.github.releases('widget')).toHaveLength(1);
    expect(world.github.tags('widget').filter((t) => t.name === 'v1.3.0')).toHaveLength(1);
    expect(world.bot.store.releases.get(1)!.status).toBe('notified');
    expect(world.slack.replies(RELEASE_CHANNEL, proposal.ts).filter((m) => /failed/i.test(m.text))).toEqual([]);
  }, 40_000);

  it('fails at once on a 401, saying which setting to check, without retrying', async () => {
    world = await startWorld({ githubRetry: FAST });
    const { approve } = await proposeAndApprove(world);
    world.github.failNext({ method: 'POST', path: /\/git\/tags$/ }, { status: 401, body: { message: 'Bad credentials' } }, 1);
    await approve();
    await world.slack.waitFor(() => world.bot.store.releases.get(1)!.status === 'failed', 10_000);
    expect(world.bot.store.releases.get(1)!.error).toContain('Check GITHUB_TOKEN');
    expect(world.github.stats.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/git/tags'))).toHaveLength(1);
  });
});

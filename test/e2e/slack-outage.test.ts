import { afterEach, describe, expect, it } from 'vitest';
import { APPROVER, RELEASE_CHANNEL, seedWidget, startWorld, type World } from './world.js';

describe('a Slack outage in the middle of a release', () => {
  let world: World;
  afterEach(async () => {
    world.slack.outage(undefined);
    await world.stop();
  });

  it('delays the thread, the parent update and the notice, and loses none of them nor sends one twice', async () => {
    // The outage is driven by events, not by a minute of wall time: the backoff is short here.
    world = await startWorld({ outboxBackoff: { baseMs: 20, maxMs: 200 } });
    const { before, after } = seedWidget(world.github);
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    const proposal = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /→/.test(m.text)));
    await world.bot.idle();
    const release = world.bot.store.releases.openProposal('widget', after)!;

    // Slack posts the first reply and answers 500 all the same (the bot cannot know it went through),
    // then fails every call.
    world.slack.failNext('chat.postMessage', { status: 500, processed: true });
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    await world.slack.waitFor(() => world.slack.calls('chat.postMessage').some((c) => !c.ok));
    world.slack.outage({ status: 503 });
    // The release does not wait for Slack: GitHub's part is done while Slack is down.
    await world.slack.waitFor(() => world.bot.store.releases.get(release.id)!.status === 'notified', 10_000);
    expect(world.github.releases('widget')).toHaveLength(1);
    await world.slack.waitFor(() => world.slack.calls().filter((c) => c.error === 'service_unavailable').length >= 5);
    expect(world.bot.store.outbox.backlog().pending).toBeGreaterThan(0);

    // Then rate limited, with Retry-After: nothing is tried again before it has passed.
    world.slack.outage({ status: 429, retryAfter: 1 });
    await world.slack.waitFor(() => world.slack.calls().some((c) => c.error === 'ratelimited'));
    const limitedAt = world.slack.calls().find((c) => c.error === 'ratelimited')!.at;
    await new Promise<void>((resolve) => {
      // Slack is back only once the bot has honoured a Retry-After at least once.
      const check = setInterval(() => {
        if (world.slack.calls().filter((c) => c.error === 'ratelimited').length >= 2) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    const limited = world.slack.calls().filter((c) => c.error === 'ratelimited');
    expect(limited[1]!.at - limitedAt).toBeGreaterThanOrEqual(950);
    world.slack.outage(undefined);
    const backAt = Date.now();

    const notice = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)), 10_000);
    await world.bot.idle();
    const delayMs = Date.now() - backAt;
    const thread = world.slack.replies(RELEASE_CHANNEL, proposal.ts);
    const kinds = thread.map((m) =>
      /approved/.test(m.text) ? 'approved' : /Tagged/.test(m.text) ? 'tagged' : /Published/.test(m.text) ? 'published' : m.text,
    );
    expect(kinds).toEqual(['approved', 'tagged', 'published']);
    expect(world.slack.messages(RELEASE_CHANNEL).filter((m) => /is released/.test(m.text))).toHaveLength(1);
    expect(world.slack.messages(RELEASE_CHANNEL)).toHaveLength(2);
    // in order: every reply before the notice
    expect(thread.every((m) => Number(m.ts) < Number(notice.ts))).toBe(true);
    expect(JSON.stringify(world.slack.message(RELEASE_CHANNEL, proposal.ts)!.blocks)).toContain('Released');
    expect(world.bot.store.outbox.backlog()).toMatchObject({ pending: 0, failed: 0 });
    // an uncertain send was looked for before it was repeated
    expect(world.slack.calls('conversations.replies').some((c) => c.ok)).toBe(true);
    if (process.env.PRINT_FIGURES)
      console.log(JSON.stringify({ channelDelayAfterSlackBackMs: delayMs, outboxAttempts: world.slack.calls().filter((c) => !c.ok).length }));
    expect(delayMs).toBeLessThan(3000);
  }, 30_000);
});

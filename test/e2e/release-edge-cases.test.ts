import { afterEach, describe, expect, it } from 'vitest';
import { APPROVER, DEV_CHANNEL, RELEASE_CHANNEL, allText, seedWidget, startWorld, type World } from './world.js';

describe('release flow edge cases', () => {
  let world: World;
  afterEach(async () => {
    await world.stop();
  });
  const proposalIn = (w: World, channel = RELEASE_CHANNEL) => w.slack.waitFor(() => w.slack.messages(channel).find((m) => /→/.test(m.text)));
  const approve = (w: World, ts: string, channel = RELEASE_CHANNEL) =>
    w.slack.clickButton({ channelId: channel, messageTs: ts, actionId: 'release_approve', userId: APPROVER });

  it('uses the per-repo tag prefix and GitHub generated notes when configured', async () => {
    world = await startWorld({ config: `approvers: [${APPROVER}]\nrepos:\n  site: { tagPrefix: t, notes: github }\n` });
    world.github.createRepo('site');
    world.github.commit('site', 'feat: landing page');
    world.github.tag('site', 't2.4.0');
    world.github.tag('site', 'v9.0.0');
    const before = world.github.head('site');
    const after = world.github.commit('site', 'fix: broken footer link');
    await world.webhook('push', world.github.pushPayload('site', { before, after }));
    const proposal = await proposalIn(world);
    expect(proposal.text).toContain('t2.4.0 → t2.4.1');
    await approve(world, proposal.ts);
    const release = await world.slack.waitFor(() => world.github.releases('site')[0]);
    expect(release.tag_name).toBe('t2.4.1');
    expect(release.body).toContain("What's Changed");
    expect(world.github.stats.requests.some((r) => r.path.endsWith('/releases/generate-notes'))).toBe(true);
  });

  it('makes a draft release with --draft', async () => {
    world = await startWorld();
    seedWidget(world.github);
    await world.slack.slashCommand({ command: '/release', text: 'widget --draft', userId: APPROVER, channelId: DEV_CHANNEL });
    const proposal = await proposalIn(world, DEV_CHANNEL);
    expect(allText(proposal)).toContain('draft');
    await approve(world, proposal.ts, DEV_CHANNEL);
    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)));
    expect(world.github.releases('widget')).toMatchObject([{ tag_name: 'v1.3.0', draft: true }]);
    expect(world.github.tags('widget').find((t) => t.name === 'v1.3.0')).toBeTruthy();
  });

  it('makes no proposal for a push marked [skip release]', async () => {
    world = await startWorld();
    const { after } = seedWidget(world.github);
    const skipped = world.github.commit('widget', 'docs: typo\n\n[skip release]');
    await world.webhook('push', world.github.pushPayload('widget', { before: after, after: skipped }), { id: 'skip-1' });
    await world.bot.idle();
    expect(world.bot.store.deliveries.get('skip-1')!.outcome).toContain('skip-release-marker');
    expect(world.slack.messages(RELEASE_CHANNEL)).toHaveLength(0);
  });

  it('absorbs a Slack 429 and a GitHub 502 on the way', async () => {
    world = await startWorld();
    const { before, after } = seedWidget(world.github);
    world.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    world.github.failNext({ method: 'POST', path: /\/git\/refs$/ }, { status: 502 });
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    const proposal = await proposalIn(world);
    expect(world.slack.calls('chat.postMessage').filter((c) => c.error === 'ratelimited')).toHaveLength(1);
    await approve(world, proposal.ts);
    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)), 15_000);
    expect(world.github.stats.serverErrors).toBe(1);
    expect(world.github.tags('widget').filter((t) => t.name === 'v1.3.0')).toHaveLength(1);
  }, 30_000);

  it('tells a step whose thread reply Slack lost at the next step, in order', async () => {
    world = await startWorld();
    const { before, after } = seedWidget(world.github);
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    const proposal = await proposalIn(world);
    // Slack fails the reply that follows the tag's creation
    world.github.onBeforeRespond((r) => {
      if (r.method === 'POST' && r.path.endsWith('/git/refs')) world.slack.failNext('chat.postMessage', { error: 'fatal_error' });
    });
    await approve(world, proposal.ts);
    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)));
    await world.bot.idle();
    expect(world.slack.calls('chat.postMessage').some((c) => c.error === 'fatal_error')).toBe(true);
    const thread = world.slack.replies(RELEASE_CHANNEL, proposal.ts).map((m) => m.text);
    expect(thread).toHaveLength(3);
    expect(thread[0]).toMatch(/approved/);
    expect(thread[1]).toMatch(/Tagged `v1.3.0`/);
    expect(thread[2]).toMatch(/Published the GitHub release/);
  });

  it('posts a proposal once when Slack fails at the first try, looking for it before posting again', async () => {
    world = await startWorld();
    const { before, after } = seedWidget(world.github);
    // fatal_error: Slack may or may not have posted it
    world.slack.failNext('chat.postMessage', { error: 'fatal_error' });
    await world.webhook('push', world.github.pushPayload('widget', { before, after }), { id: 'lost-post' });
    const proposal = await proposalIn(world);
    expect(proposal.text).toContain('v1.2.3 → v1.3.0');
    await world.bot.idle();
    expect(world.bot.store.deliveries.get('lost-post')).toMatchObject({ status: 'processed' });
    expect(world.slack.messages(RELEASE_CHANNEL)).toHaveLength(1);
    expect(world.slack.calls('conversations.history').map((c) => c.args.include_all_metadata)).toEqual(['true']);
    expect(world.bot.store.releases.get(1)!.messageTs).toBe(proposal.ts);
    expect(proposal.metadata).toEqual({ event_type: 'release_bot', event_payload: { key: 'release:1:proposal' } });
  });

  it('fails the release with the reason in the thread when GitHub keeps refusing', async () => {
    world = await startWorld();
    const { before, after } = seedWidget(world.github);
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    const proposal = await proposalIn(world);
    world.github.failNext(
      { method: 'POST', path: /\/releases$/ },
      { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Release', code: 'custom', message: 'body is too long' }] } },
    );
    await approve(world, proposal.ts);
    const failure = await world.slack.waitFor(() => world.slack.replies(RELEASE_CHANNEL, proposal.ts).find((m) => /failed/.test(m.text)), 15_000);
    expect(failure.text).toContain('publish');
    await world.bot.idle();
    expect(world.bot.store.releases.get(1)!.status).toBe('failed');
    expect(world.github.tags('widget').some((t) => t.name === 'v1.3.0')).toBe(true);
  }, 30_000);

  it('supersedes an older proposal of the same repo when main moves on', async () => {
    world = await startWorld();
    const { before, after } = seedWidget(world.github);
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    const first = await proposalIn(world);
    const newer = world.github.commit('widget', 'feat!: drop the old API');
    await world.webhook('push', world.github.pushPayload('widget', { before: after, after: newer }));
    const second = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => m.ts !== first.ts && /→/.test(m.text)));
    expect(second.text).toContain('v1.2.3 → v2.0.0');
    await world.slack.waitFor(() => /Superseded/.test(world.slack.message(RELEASE_CHANNEL, first.ts)!.text) || undefined);
    expect(JSON.stringify(world.slack.message(RELEASE_CHANNEL, first.ts)!.blocks)).not.toContain('release_approve');
  });
});

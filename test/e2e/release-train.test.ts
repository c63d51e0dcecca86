import { afterEach, describe, expect, it } from 'vitest';
import { APPROVER, DEVELOPER, RELEASE_CHANNEL, allText, startWorld, type World } from './world.js';
import { TRAIN_CONFIG, expectedVersion, seedTrain } from './train-fixture.js';
import { openDatabase } from '../../src/store/open-database.js';

describe('release trains', () => {
  let world: World;
  afterEach(async () => {
    await world.stop();
  });

  const card = (w: World, channel = RELEASE_CHANNEL) => w.slack.waitFor(() => w.slack.messages(channel).find((m) => /Release train/.test(m.text)), 10_000);

  it('lists the connectors with unreleased commits and releases each exactly once on approval, absorbing secondary limits', async () => {
    world = await startWorld({ config: TRAIN_CONFIG, github: { writeLimit: { max: 10, windowMs: 1000 } } });
    const { releasable, untouched } = seedTrain(world.github);
    world.github.resetStats();
    const cmd = await world.slack.slashCommand({ command: '/connectors', text: 'batch', userId: APPROVER, channelId: RELEASE_CHANNEL });
    expect(cmd.acked).toBe(true);
    const proposal = await card(world);
    const text = allText(proposal);
    expect(proposal.text).toContain('20 connectors');
    for (const name of releasable.keys()) expect(text).toContain(name);
    expect(text).toMatch(/5 up to date/);
    expect(text).toMatch(/3 archived/);
    expect(text).not.toContain('widget');
    expect(text).toContain('1.4.0 → *2.0.0*');
    expect(world.github.stats.graphql).toBe(1);
    expect(world.github.stats.writes).toBe(0);

    const approvedAt = Date.now();
    world.github.resetStats();
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'batch_approve', userId: APPROVER });
    const summary = await world.slack.waitFor(() => world.slack.replies(RELEASE_CHANNEL, proposal.ts).find((m) => /is done/.test(m.text)), 60_000);
    expect(summary.text).toContain('20 released, 0 failed');
    await world.bot.idle();
    // 60 steps, but the card is updated no more often than chat.update's limit allows (one per 1.5 s, plus approval and the final one)
    const cardUpdates = world.slack.calls('chat.update').filter((c) => c.args.ts === proposal.ts);
    expect(cardUpdates.length).toBeGreaterThanOrEqual(2);
    expect(cardUpdates.length).toBeLessThanOrEqual(Math.ceil((Date.now() - approvedAt) / 1500) + 3);

    for (const [name, head] of releasable) {
      const tags = world.github.tags(name).filter((t) => t.name === expectedVersion(name));
      expect(tags, name).toHaveLength(1);
      expect(tags[0]!.sha, name).toBe(head);
      expect(
        world.github.releases(name).map((r) => r.tag_name),
        name,
      ).toEqual([expectedVersion(name)]);
    }
    for (const name of untouched) expect(world.github.releases(name), name).toHaveLength(0);
    expect(world.github.tags('connector-u1').map((t) => t.name)).toEqual(['2.0.0']);
    expect(world.github.stats.secondaryLimited).toBeGreaterThan(0);
    // the train's GitHub traffic: one POST /releases per connector (and its retries after a 403), and two GraphQL sweeps
    const traffic = world.github.stats.requests.filter((r) => r.status !== 403);
    expect(traffic.filter((r) => r.path === '/api/graphql')).toHaveLength(2);
    expect(traffic.filter((r) => r.path !== '/api/graphql').map((r) => `${r.method} ${r.path.replace(/connector-[\w]+/, 'C')} ${r.status}`)).toEqual(
      Array(20).fill('POST /api/v3/repos/acme/C/releases 201'),
    );
    const final = world.slack.message(RELEASE_CHANNEL, proposal.ts)!;
    expect(allText(final)).toMatch(/20 released · :x: 0 failed/);
    // no notice per connector: the train reports them
    expect(world.slack.messages(RELEASE_CHANNEL).filter((m) => /is released/.test(m.text))).toHaveLength(0);
  }, 90_000);

  it('lets an approver change one connector and leave one out; refuses a non-approver', async () => {
    world = await startWorld({ config: TRAIN_CONFIG });
    seedTrain(world.github);
    await world.slack.slashCommand({ command: '/connectors', text: 'batch', userId: DEVELOPER, channelId: RELEASE_CHANNEL });
    const proposal = await card(world);
    const members = world.bot.store.releases.inBatch(1);
    const r01 = members.find((m) => m.repo === 'connector-r01')!;
    const r02 = members.find((m) => m.repo === 'connector-r02')!;

    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'batch_approve', userId: DEVELOPER });
    await world.slack.waitFor(() => world.slack.ephemerals({ userId: DEVELOPER }).find((m) => /Only release approvers/.test(m.text)));
    await world.slack.selectOption({
      channelId: RELEASE_CHANNEL,
      messageTs: proposal.ts,
      actionId: `batch_member_${r01.id}`,
      userId: DEVELOPER,
      value: `${r01.id}:major`,
    });
    await world.bot.idle();
    expect(world.bot.store.releases.get(r01.id)!.bump).toBe('patch');
    expect(world.bot.store.batches.get(1)!.status).toBe('proposed');

    await world.slack.selectOption({
      channelId: RELEASE_CHANNEL,
      messageTs: proposal.ts,
      actionId: `batch_member_${r01.id}`,
      userId: APPROVER,
      value: `${r01.id}:minor`,
    });
    await world.slack.waitFor(() => world.bot.store.releases.get(r01.id)!.nextVersion === '1.5.0' || undefined);
    await world.slack.selectOption({
      channelId: RELEASE_CHANNEL,
      messageTs: proposal.ts,
      actionId: `batch_member_${r02.id}`,
      userId: APPROVER,
      value: `${r02.id}:leave-out`,
    });
    await world.slack.waitFor(() => allText(world.slack.message(RELEASE_CHANNEL, proposal.ts)!).includes('Release train: 19 connectors') || undefined);
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'batch_approve', userId: APPROVER });
    await world.slack.waitFor(() => world.slack.replies(RELEASE_CHANNEL, proposal.ts).find((m) => /is done/.test(m.text)), 60_000);
    await world.bot.idle();
    expect(world.github.releases('connector-r01').map((r) => r.tag_name)).toEqual(['1.5.0']);
    expect(world.github.releases('connector-r02')).toHaveLength(0);
    expect(world.bot.store.audit.entries().some((e) => e.actor === DEVELOPER && e.action === 'refused')).toBe(true);
  }, 90_000);

  it('proposes a train when the trigger repository is pushed to', async () => {
    world = await startWorld({ config: TRAIN_CONFIG });
    seedTrain(world.github);
    const before = world.github.head('connector-sdk');
    const after = world.github.commit('connector-sdk', 'feat: pagination helper');
    const res = await world.webhook('push', world.github.pushPayload('connector-sdk', { before, after }));
    expect(res.status).toBe(202);
    const proposal = await card(world);
    expect(proposal.text).toContain('20 connectors');
    expect(world.slack.messages(RELEASE_CHANNEL).filter((m) => /→/.test(m.text) && !/Release train/.test(m.text))).toHaveLength(0);
  });

  it('proposes one train when a trigger push is handled again after a crash', async () => {
    world = await startWorld({ config: TRAIN_CONFIG });
    seedTrain(world.github);
    const before = world.github.head('connector-sdk');
    const after = world.github.commit('connector-sdk', 'feat: pagination helper');
    await world.webhook('push', world.github.pushPayload('connector-sdk', { before, after }), { id: 'sdk-push' });
    await card(world);
    await world.bot.idle();
    // as if the bot had died after proposing the train but before recording the delivery as handled
    const db = openDatabase(world.env.DATABASE_PATH!);
    db.prepare("UPDATE webhook_deliveries SET status = 'pending' WHERE id = 'sdk-push'").run();
    db.close();
    await world.restart();
    await world.bot.idle();
    expect(world.bot.store.deliveries.get('sdk-push')).toMatchObject({ status: 'processed' });
    expect(world.slack.messages(RELEASE_CHANNEL).filter((m) => /Release train/.test(m.text))).toHaveLength(1);
  });

  it('says privately when no connector has anything to release, and why', async () => {
    world = await startWorld({ config: TRAIN_CONFIG });
    world.github.createRepo('connector-done');
    world.github.commit('connector-done', 'feat: first sync');
    world.github.tag('connector-done', '1.0.0');
    world.github.createRepo('connector-gone', { archived: true });
    world.github.commit('connector-gone', 'fix: never released');
    await world.slack.slashCommand({ command: '/connectors', text: 'batch', userId: DEVELOPER, channelId: RELEASE_CHANNEL });
    const answer = await world.slack.waitFor(() => world.slack.ephemerals({ userId: DEVELOPER }).find((m) => /No connector/.test(m.text)));
    expect(answer.text).toBe('No connector has anything to release (1 up to date, 1 archived).');
    await world.bot.idle();
    expect(world.slack.messages(RELEASE_CHANNEL)).toHaveLength(0);
    expect(world.bot.store.batches.running()).toEqual([]);
  });

  it('shows a dry run privately and answers bad input with usage', async () => {
    world = await startWorld({ config: TRAIN_CONFIG });
    seedTrain(world.github);
    await world.slack.slashCommand({ command: '/connectors', text: 'batch major --dry-run', userId: DEVELOPER, channelId: RELEASE_CHANNEL });
    const dry = await world.slack.waitFor(() => world.slack.ephemerals({ userId: DEVELOPER }).find((m) => /Dry run/.test(allText(m))));
    expect(allText(dry)).toContain('bump forced to *major*');
    expect(JSON.stringify(dry.blocks)).not.toContain('batch_approve');
    const bad = await world.slack.slashCommand({ command: '/connectors', text: 'batch everything', userId: DEVELOPER, channelId: RELEASE_CHANNEL });
    expect(bad.acked).toBe(true);
    await world.slack.waitFor(() => world.slack.ephemerals({ userId: DEVELOPER }).find((m) => /`everything` is not a bump/.test(m.text)));
    await world.bot.idle();
    expect(world.slack.messages(RELEASE_CHANNEL)).toHaveLength(0);
    expect(world.github.stats.writes).toBe(0);
  });

  it('verifies a connector whose release already exists (422) and counts it as done when its tag is on the proposed commit', async () => {
    world = await startWorld({ config: TRAIN_CONFIG });
    const { releasable } = seedTrain(world.github);
    await world.slack.slashCommand({ command: '/connectors', text: 'batch', userId: APPROVER, channelId: RELEASE_CHANNEL });
    const proposal = await card(world);
    // somebody released connector-r03 by hand, on the proposed commit
    world.github.tag('connector-r03', '1.4.1', { sha: releasable.get('connector-r03')! });
    const { Octokit } = await import('@octokit/rest');
    await new Octokit({ auth: world.github.token, baseUrl: world.github.apiUrl }).rest.repos.createRelease({
      owner: 'acme',
      repo: 'connector-r03',
      tag_name: '1.4.1',
    });
    world.github.resetStats();
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'batch_approve', userId: APPROVER });
    const summary = await world.slack.waitFor(() => world.slack.replies(RELEASE_CHANNEL, proposal.ts).find((m) => /is done/.test(m.text)), 60_000);
    expect(summary.text).toContain('20 released, 0 failed');
    const r03 = world.github.stats.requests.filter((r) => r.path.includes('/connector-r03/'));
    expect(r03.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 422', 'GET 200', 'GET 200']);
    expect(world.github.releases('connector-r03')).toHaveLength(1);
  }, 90_000);

  it('says before approval how long the writes take, and shows a shrinking ETA while the train runs', async () => {
    // 300 writes a minute: the 20 writes take about 4 s; the card is updated every 300 ms
    world = await startWorld({ config: TRAIN_CONFIG.replace('writesPerMinute: 6000', 'writesPerMinute: 300'), env: { RELEASE_BOT_CARD_INTERVAL_MS: '300' } });
    seedTrain(world.github);
    await world.slack.slashCommand({ command: '/connectors', text: 'batch', userId: APPROVER, channelId: RELEASE_CHANNEL });
    const proposal = await card(world);
    expect(allText(proposal)).toContain('20 writes to GitHub: about 4 s.');
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'batch_approve', userId: APPROVER });
    await world.slack.waitFor(() => world.slack.replies(RELEASE_CHANNEL, proposal.ts).find((m) => /is done/.test(m.text)), 60_000);
    await world.bot.idle();
    const etas = world.slack
      .calls('chat.update')
      .filter((c) => c.args.ts === proposal.ts)
      .map((c) => /about (\d+) s left/.exec(JSON.stringify(c.args.blocks))?.[1])
      .filter((x): x is string => x !== undefined)
      .map(Number);
    expect(etas.length).toBeGreaterThanOrEqual(2);
    expect(etas.at(-1)!).toBeLessThan(etas[0]!);
    expect(allText(world.slack.message(RELEASE_CHANNEL, proposal.ts)!)).not.toContain('left');
  }, 90_000);

  it('lists a failed connector with its reason and retries it on Retry failed', async () => {
    world = await startWorld({ config: TRAIN_CONFIG });
    const { releasable } = seedTrain(world.github);
    await world.slack.slashCommand({ command: '/connectors', text: 'batch', userId: APPROVER, channelId: RELEASE_CHANNEL });
    const proposal = await card(world);
    // somebody tagged connector-r01's next version by hand, on the wrong commit
    const first = world.github.commitsOf('connector-r01').at(-1)!.sha;
    world.github.tag('connector-r01', '1.4.1', { sha: first });
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'batch_approve', userId: APPROVER });
    const summary = await world.slack.waitFor(() => world.slack.replies(RELEASE_CHANNEL, proposal.ts).find((m) => /is done/.test(m.text)), 60_000);
    expect(summary.text).toContain('19 released, 1 failed');
    expect(summary.blocks ? JSON.stringify(summary.blocks) : '').toContain('never moves a tag');
    expect(JSON.stringify(summary.blocks)).toContain(first.slice(0, 7));
    expect(JSON.stringify(summary.blocks)).toContain(releasable.get('connector-r01')!.slice(0, 7));
    // that connector and no other: nothing written for it
    expect(world.github.releases('connector-r01')).toHaveLength(0);
    await world.bot.idle();
    const done = world.slack.message(RELEASE_CHANNEL, proposal.ts)!;
    expect(allText(done)).toContain('connector-r01');
    expect(JSON.stringify(done.blocks)).toContain('batch_retry');

    world.github.deleteTag('connector-r01', '1.4.1');
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'batch_retry', userId: DEVELOPER });
    await world.slack.waitFor(() => world.slack.ephemerals({ userId: DEVELOPER }).find((m) => /Only release approvers/.test(m.text)));
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'batch_retry', userId: APPROVER });
    await world.slack.waitFor(() => world.slack.replies(RELEASE_CHANNEL, proposal.ts).filter((m) => /is done/.test(m.text))[1], 30_000);
    await world.bot.idle();
    expect(world.github.tags('connector-r01').find((t) => t.name === '1.4.1')!.sha).toBe(releasable.get('connector-r01'));
    expect(world.github.releases('connector-r01')).toHaveLength(1);
    expect(allText(world.slack.message(RELEASE_CHANNEL, proposal.ts)!)).toMatch(/20 released · :x: 0 failed/);
  }, 90_000);
});

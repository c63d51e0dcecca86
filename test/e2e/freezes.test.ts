import { afterEach, describe, expect, it } from 'vitest';
import { FakeInfra, ROLLOUT_ENV, build, httpRolloutConfig, postBuild } from './rollout-harness.js';
import { TRAIN_CONFIG, seedTrain } from './train-fixture.js';
import { APPROVER, DEVELOPER, GROUP_MEMBER, RELEASE_CHANNEL, allText, seedWidget, startWorld, type World } from './world.js';

describe('freezes, end to end', () => {
  let world: World;
  let infra: FakeInfra | undefined;
  afterEach(async () => {
    await world.stop();
    await infra?.stop();
    infra = undefined;
  });

  const command = (w: World, text: string, userId = APPROVER) => w.slack.slashCommand({ command: '/release', text, userId, channelId: RELEASE_CHANNEL });
  const answerTo = (w: World, userId: string, pattern: RegExp) => w.slack.waitFor(() => w.slack.ephemerals({ userId }).find((m) => pattern.test(m.text)));
  const inChannel = (w: World, pattern: RegExp) => w.slack.messages(RELEASE_CHANNEL).filter((m) => pattern.test(allText(m)));
  const shown = (w: World, ts: string, pattern: RegExp) =>
    w.slack.waitFor(() => {
      const m = w.slack.message(RELEASE_CHANNEL, ts);
      return m && pattern.test(allText(m)) ? m : undefined;
    });
  const thread = (w: World, ts: string) =>
    w.slack
      .replies(RELEASE_CHANNEL, ts)
      .map((m) => allText(m))
      .join('\n');
  const propose = async (w: World) => {
    const { before, after } = seedWidget(w.github);
    expect((await w.webhook('push', w.github.pushPayload('widget', { before, after }))).status).toBe(202);
    return w.slack.waitFor(() => w.slack.messages(RELEASE_CHANNEL).find((m) => /widget: v1\.2\.3 → v1\.3\.0/.test(m.text)));
  };

  it('/release freeze all holds a push’s approved release and a build’s rollout; /release unfreeze all lets both go', async () => {
    infra = await FakeInfra.start();
    world = await startWorld({ config: httpRolloutConfig(infra.url), env: ROLLOUT_ENV });
    await command(world, 'freeze all "incident 42"');
    expect((await answerTo(world, APPROVER, /Froze all repositories/)).text).toContain('incident 42');
    await world.slack.waitFor(() => inChannel(world, /are frozen: incident 42/)[0]);

    const proposal = await propose(world);
    expect(allText(proposal)).toContain('frozen: incident 42 (until `/release unfreeze`)');
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    await shown(world, proposal.ts, /Approved by <@U0APPROVER>; held: frozen: incident 42/);
    await world.slack.waitFor(() => /held by the freeze: incident 42/.test(thread(world, proposal.ts)));

    expect((await postBuild(world.bot.port, build('2.0.0'))).status).toBe(202);
    const rollout = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /connector-foo/.test(allText(m))));
    await world.slack.waitFor(() => /recorded and held by the freeze: incident 42/.test(thread(world, rollout.ts)));
    await world.bot.idle();
    expect(world.bot.store.releases.get(1)).toMatchObject({ status: 'approved', frozen: { reason: 'incident 42', source: 'ad-hoc' } });
    expect(world.github.tags('widget').map((t) => t.name)).not.toContain('v1.3.0');
    expect(infra.puts()).toHaveLength(0);
    // held once: another look at the freezes (a restart) does not say it again
    await world.restart();
    await world.bot.idle();
    expect(world.slack.replies(RELEASE_CHANNEL, proposal.ts).filter((m) => /held by the freeze/.test(m.text))).toHaveLength(1);

    await command(world, 'unfreeze all');
    await answerTo(world, APPROVER, /Lifted the freeze of all repositories/);
    await world.slack.waitFor(() => inChannel(world, /freeze of all repositories is over/)[0]);
    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)));
    expect(world.github.releases('widget').map((r) => r.tag_name)).toEqual(['v1.3.0']);
    await world.slack.waitFor(() => infra!.puts().length === 1);
    expect(infra.puts()[0]!.body).toMatchObject({ image: 'ghcr.io/acme/connector-foo:2.0.0', version: '2.0.0' });
    await world.bot.idle();
    expect(world.bot.store.audit.entries({ subjectType: 'release' }).find((e) => e.action === 'held')).toMatchObject({
      reason: 'frozen (ad-hoc, all): incident 42',
    });
    expect(world.bot.store.audit.entries({ subjectType: 'rollout' }).filter((e) => e.action === 'held')).toHaveLength(1);
    expect(world.bot.store.audit.entries({ subjectType: 'freeze' }).map((e) => [e.actor, e.action, e.reason])).toEqual([
      [APPROVER, 'freeze', 'all: incident 42'],
      [APPROVER, 'unfreeze', 'all: incident 42'],
    ]);
  });

  it('answers a freeze by a non-approver, without a reason, or of an unknown repository privately, and stores no freeze', async () => {
    world = await startWorld();
    await command(world, 'freeze all "incident 42"', DEVELOPER);
    await answerTo(world, DEVELOPER, /Only release approvers may freeze/);
    await command(world, 'freeze all');
    await answerTo(world, APPROVER, /Say why/);
    await command(world, 'freeze nope "incident 42"');
    await answerTo(world, APPROVER, /no repository \*nope\* to freeze/);
    await world.bot.idle();
    expect(world.bot.store.freezes.active()).toEqual([]);
    expect(world.slack.messages(RELEASE_CHANNEL)).toHaveLength(0);
    expect(world.bot.store.audit.entries({ subjectType: 'freeze' })).toMatchObject([{ actor: DEVELOPER, action: 'refused' }]);
  });

  it('tells the channel when a scheduled weekly freeze starts and ends, once across a restart, and releases what it held', async () => {
    // Friday 15:59:59 in Berlin (CET): the weekend freeze starts in a second; it ends on Monday 08:00 CEST, after the spring change
    let offset = Date.parse('2026-03-27T14:59:59Z') - Date.now();
    const config = 'approvers: [S0RELEASERS]\nfreeze:\n  - { weekly: "fri 16:00 - mon 08:00", timezone: Europe/Berlin, reason: no weekend releases }\n';
    world = await startWorld({ config, now: () => new Date(Date.now() + offset) });
    const started = await world.slack.waitFor(() => inChannel(world, /are frozen: no weekend releases/)[0], 8000);
    expect(allText(started)).toContain('2026-03-30T06:00:00Z');

    const proposal = await propose(world);
    expect(allText(proposal)).toContain('frozen: no weekend releases');
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    await world.slack.waitFor(() => /held by the freeze: no weekend releases/.test(thread(world, proposal.ts)));

    offset = Date.parse('2026-03-30T05:59:59Z') - Date.now();
    await world.restart();
    await world.slack.waitFor(() => inChannel(world, /freeze of all repositories is over \(no weekend releases\)/)[0], 8000);
    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)));
    expect(inChannel(world, /are frozen/)).toHaveLength(1);
    expect(world.github.tags('widget').map((t) => t.name)).toContain('v1.3.0');
  });

  it('lets break-glass release a held release through the modal, with the reason in the thread and the audit; refuses others privately', async () => {
    world = await startWorld({ config: 'approvers: [S0RELEASERS]\nbreakGlass: [S0RELEASERS]\n' });
    await command(world, 'freeze all "incident 42"');
    const proposal = await propose(world);
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    const held = await shown(world, proposal.ts, /held: frozen/);
    expect(JSON.stringify(held.blocks)).toContain('release_anyway');

    // alice approves releases but is not in breakGlass
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_anyway', userId: APPROVER });
    await answerTo(world, APPROVER, /Only the people of `breakGlass`/);
    expect(world.slack.openViews(APPROVER)).toHaveLength(0);

    // carol is in breakGlass through the group
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_anyway', userId: GROUP_MEMBER });
    const [modal] = await world.slack.waitFor(() => (world.slack.openViews(GROUP_MEMBER).length ? world.slack.openViews(GROUP_MEMBER) : undefined));
    expect(modal!.view).toMatchObject({ callback_id: 'release_anyway_modal', title: { text: 'Release anyway' } });
    const empty = await world.slack.submitView({ userId: GROUP_MEMBER, values: { reason: '  ' } });
    expect(empty.ackPayload).toMatchObject({ response_action: 'errors', errors: { reason: expect.stringContaining('Say why') } });
    expect(world.slack.openViews(GROUP_MEMBER)).toHaveLength(1);
    await world.slack.submitView({ userId: GROUP_MEMBER, values: { reason: 'the fix for incident 42 itself' } });

    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)));
    expect(world.github.tags('widget').map((t) => t.name)).toContain('v1.3.0');
    expect(thread(world, proposal.ts)).toContain(`<@${GROUP_MEMBER}> released this anyway, past the freeze: the fix for incident 42 itself`);
    await world.bot.idle();
    expect(world.bot.store.releases.get(1)?.bypasses).toMatchObject([{ by: GROUP_MEMBER, reason: 'the fix for incident 42 itself', what: ['freeze'] }]);
    const audit = world.bot.store.audit.entries({ subjectType: 'release', subjectId: '1' });
    expect(audit.find((e) => e.action === 'break-glass')).toMatchObject({ actor: GROUP_MEMBER, reason: 'bypassed freeze: the fix for incident 42 itself' });
    expect(audit.find((e) => e.action === 'refused')).toMatchObject({ actor: APPROVER, reason: 'release anyway: not in breakGlass' });
  });

  it('keeps a release train approved during a freeze from leaving until /release unfreeze', async () => {
    world = await startWorld({ config: TRAIN_CONFIG });
    seedTrain(world.github, { releasable: 3 });
    await command(world, 'freeze all "incident 42"');
    await world.slack.slashCommand({ command: '/connectors', text: 'batch', userId: APPROVER, channelId: RELEASE_CHANNEL });
    const card = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /Release train/.test(m.text)));
    world.github.resetStats();
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: card.ts, actionId: 'batch_approve', userId: APPROVER });
    await world.slack.waitFor(() => world.slack.replies(RELEASE_CHANNEL, card.ts).find((m) => /held by the freeze: incident 42/.test(m.text)));
    await world.bot.idle();
    expect(world.github.stats.writes).toBe(0);

    await command(world, 'unfreeze all');
    const summary = await world.slack.waitFor(() => world.slack.replies(RELEASE_CHANNEL, card.ts).find((m) => /is done/.test(m.text)), 15_000);
    expect(summary.text).toContain('3 released, 0 failed');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { APPROVER, DEVELOPER, GROUP_MEMBER, RELEASE_CHANNEL, allText, seedWidget, startWorld, type World } from './world.js';

/** widget needs two of alice (APPROVER), bob (DEVELOPER) and carol (GROUP_MEMBER); whoever pushed (ann → alice) cannot approve. */
const config = (extra = '') => `
approvers: [S0RELEASERS]
policies:
  - { repos: [widget], approvers: [${APPROVER}, ${DEVELOPER}, ${GROUP_MEMBER}], requiredApprovals: 2${extra} }
people: { ${APPROVER}: ann }
`;

describe('release policies, end to end', () => {
  let world: World;
  afterEach(async () => {
    await world.stop();
  });

  const propose = async (w: World) => {
    const { before, after } = seedWidget(w.github);
    expect((await w.webhook('push', w.github.pushPayload('widget', { before, after }))).status).toBe(202);
    return w.slack.waitFor(() => w.slack.messages(RELEASE_CHANNEL).find((m) => /→/.test(m.text)));
  };
  const click = (w: World, ts: string, userId: string) =>
    w.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: ts, actionId: 'release_approve', userId });
  const answerTo = (w: World, userId: string, pattern: RegExp) => w.slack.waitFor(() => w.slack.ephemerals({ userId }).find((m) => pattern.test(m.text)));
  const shown = (w: World, ts: string, pattern: RegExp) =>
    w.slack.waitFor(() => {
      const m = w.slack.message(RELEASE_CHANNEL, ts);
      return m && pattern.test(allText(m)) ? m : undefined;
    });

  it('releases at the second distinct approval: the same person twice counts once', async () => {
    world = await startWorld({ config: config() });
    const proposal = await propose(world);
    expect(allText(proposal)).toContain('0 of 2 approvals');

    await click(world, proposal.ts, DEVELOPER);
    const one = await shown(world, proposal.ts, /1 of 2 approvals/);
    expect(allText(one)).toContain(`<@${DEVELOPER}>`);
    expect(JSON.stringify(one.blocks)).toContain('release_approve');

    await click(world, proposal.ts, DEVELOPER);
    expect((await answerTo(world, DEVELOPER, /already/)).text).toContain('1 of 2 approvals');
    expect(world.github.tags('widget').map((t) => t.name)).not.toContain('v1.3.0');

    await click(world, proposal.ts, GROUP_MEMBER);
    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)));
    expect(world.github.tags('widget').map((t) => t.name)).toContain('v1.3.0');
    expect(world.github.releases('widget')).toHaveLength(1);
    const thread = world.slack
      .replies(RELEASE_CHANNEL, proposal.ts)
      .map((m) => m.text)
      .join('\n');
    expect(thread).toContain('1 of 2 approvals');

    await world.bot.idle();
    const history = await world.slack.slashCommand({ command: '/release', text: 'history widget', userId: DEVELOPER, channelId: RELEASE_CHANNEL });
    expect(history.acked).toBe(true);
    const answer = await answerTo(world, DEVELOPER, /Last 1 release/);
    expect(answer.text).toContain(`approved by <@${DEVELOPER}>, <@${GROUP_MEMBER}>`);
  });

  it('refuses the pusher under selfApproval: false, saying why', async () => {
    world = await startWorld({ config: config(', selfApproval: false') });
    const proposal = await propose(world);
    await click(world, proposal.ts, APPROVER);
    expect((await answerTo(world, APPROVER, /selfApproval: false/)).text).toContain('You asked for this release');
    await world.bot.idle();
    expect(world.bot.store.releases.get(1)?.approvals).toEqual([]);
    expect(world.bot.store.audit.entries({ subjectType: 'release' }).at(-1)).toMatchObject({ actor: APPROVER, action: 'refused' });
  });

  it('expires an unapproved proposal while the bot runs: the message says so and loses its buttons', async () => {
    world = await startWorld({ config: config(', expireAfter: 1s') });
    const proposal = await propose(world);
    const expired = await shown(world, proposal.ts, /Expired after 1s/);
    expect(JSON.stringify(expired.blocks)).not.toContain('release_approve');
    expect(world.bot.store.releases.get(1)?.status).toBe('expired');
  });

  it('expires on start-up a proposal whose time passed while the bot was down', async () => {
    let offset = 0;
    world = await startWorld({ config: config(', expireAfter: 1h'), now: () => new Date(Date.now() + offset) });
    const proposal = await propose(world);
    await world.bot.idle();
    offset = 2 * 3_600_000;
    await world.restart();
    await shown(world, proposal.ts, /Expired after 1h/);
    expect(world.bot.store.releases.get(1)?.status).toBe('expired');
    expect(world.bot.store.audit.entries({ subjectType: 'release' }).at(-1)).toMatchObject({ actor: 'bot', action: 'expired' });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPROVER, DEV_CHANNEL, DEVELOPER, allText, seedWidget, startWorld, type World } from './world.js';

describe('/release', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
    seedWidget(world.github);
    world.github.createRepo('old-thing', { archived: true });
    world.github.commit('old-thing', 'feat: x');
    world.github.createRepo('infra-dns');
    world.github.commit('infra-dns', 'feat: x');
    world.github.resetStats();
  });
  afterEach(async () => {
    await world.stop();
  });

  const release = (text: string, userId = DEVELOPER) => world.slack.slashCommand({ command: '/release', text, userId, channelId: DEV_CHANNEL });
  const lastEphemeral = async (userId = DEVELOPER) => {
    await world.bot.idle();
    return world.slack.waitFor(() => world.slack.ephemerals({ userId }).at(-1));
  };

  it('proposes in the channel where it was typed, with the bump the commits call for', async () => {
    const res = await release('widget');
    expect(res.acked).toBe(true);
    const proposal = await world.slack.waitFor(() => world.slack.messages(DEV_CHANNEL)[0]);
    expect(proposal.text).toContain('v1.2.3 → v1.3.0');
  });

  it('accepts an org/ prefix, a bump word and --pre', async () => {
    await release('acme/widget major --pre rc');
    const proposal = await world.slack.waitFor(() => world.slack.messages(DEV_CHANNEL)[0]);
    expect(proposal.text).toContain('v1.2.3 → v2.0.0-rc.1');
    await world.slack.clickButton({ channelId: DEV_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    const rel = await world.slack.waitFor(() => world.github.releases('widget')[0]);
    expect(rel).toMatchObject({ tag_name: 'v2.0.0-rc.1', prerelease: true, make_latest: 'false', latest: false });
    await world.bot.idle();
    world.github.commit('widget', 'fix: feedback on the first candidate');
    await release('widget major --pre rc');
    const second = await world.slack.waitFor(() => world.slack.messages(DEV_CHANNEL).find((m) => m.ts !== proposal.ts && /→/.test(m.text)));
    // counted from the last release, continuing the candidate line
    expect(second.text).toContain('v1.2.3 → v2.0.0-rc.2');
    expect(allText(second)).toContain('after `v2.0.0-rc.1`');
  });

  it('shows a dry run only to the caller and records nothing', async () => {
    await release('widget --dry-run');
    const preview = await world.slack.waitFor(() => world.slack.ephemerals({ userId: DEVELOPER }).find((m) => /Dry run/.test(allText(m))));
    expect(allText(preview)).toContain('Dry run');
    expect(allText(preview)).toContain('v1.3.0');
    expect(world.slack.messages(DEV_CHANNEL)).toHaveLength(0);
    expect(world.github.stats.writes).toBe(0);
    expect(world.bot.store.releases.history('widget')).toHaveLength(0);
  });

  const badInputs: [string, RegExp][] = [
    ['widget huge', /`huge` is not a bump/],
    ['widget --pre gamma', /gamma/],
    ['widget --force', /--force/],
    ['widget minor major', /major/],
    ['other-org/widget', /other-org/],
  ];
  for (const [text, message] of badInputs) {
    it(`answers "/release ${text}" with a usage message and changes nothing`, async () => {
      const res = await release(text);
      expect(res.acked).toBe(true);
      const answer = await lastEphemeral();
      expect(answer.text).toMatch(message);
      expect(answer.text).toContain('Usage');
      expect(world.slack.messages(DEV_CHANNEL)).toHaveLength(0);
      expect(world.github.stats.requests).toHaveLength(0);
    });
  }

  const refusedRepos: [string, RegExp][] = [
    ['nope', /no repository \*nope\* in acme/],
    ['old-thing', /archived/],
    ['infra-dns', /excluded/],
  ];
  for (const [repo, message] of refusedRepos) {
    it(`refuses "/release ${repo}" privately and writes nothing`, async () => {
      await release(repo);
      const answer = await world.slack.waitFor(() => world.slack.ephemerals({ userId: DEVELOPER }).find((m) => message.test(m.text)));
      expect(answer).toBeTruthy();
      await world.bot.idle();
      expect(world.slack.messages(DEV_CHANNEL)).toHaveLength(0);
      expect(world.github.stats.writes).toBe(0);
    });
  }

  it('says when there is nothing to release', async () => {
    world.github.tag('widget', 'v1.3.0');
    await release('widget');
    await world.slack.waitFor(() => world.slack.ephemerals({ userId: DEVELOPER }).find((m) => /Nothing to release/.test(m.text)));
  });

  it('answers help and lists the history with who approved', async () => {
    await release('help');
    expect((await lastEphemeral()).text).toContain('/release history');
    await release('widget');
    const proposal = await world.slack.waitFor(() => world.slack.messages(DEV_CHANNEL)[0]);
    await world.slack.clickButton({ channelId: DEV_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    await world.slack.waitFor(() => world.github.releases('widget')[0]);
    await world.bot.idle();
    await release('history widget');
    const history = await world.slack.waitFor(() => world.slack.ephemerals({ userId: DEVELOPER }).find((m) => /Last 1 release/.test(m.text)));
    expect(history.text).toContain('v1.3.0');
    expect(history.text).toContain(`approved by <@${APPROVER}>`);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { APPROVER, DEV_CHANNEL, DEVELOPER, GROUP_MEMBER, RELEASE_CHANNEL, allText, startWorld, type World } from './world.js';

const CONFIG = [
  'approvers: [S0RELEASERS]',
  'branches:',
  '  develop: { prerelease: beta }',
  '  "release/*": { prerelease: rc }',
  '  "1.x": { maintenance: true }',
  '  "1.2.x": { maintenance: true }',
  'github: { writesPerMinute: 6000 }',
  '',
].join('\n');

/**
 * Release branches as the processes we build for describe them: betas from `develop`, release
 * candidates from `release/*`, the release from the default branch once the candidate is merged,
 * and maintenance lines that release fixes of an older line and never take "Latest".
 */
describe('release branches', () => {
  let world: World;
  afterEach(async () => {
    await world.stop();
  });

  const newProposal = (w: World, seen: Set<string>) =>
    w.slack.waitFor(() => {
      const found = w.slack.messages(RELEASE_CHANNEL).find((m) => /→/.test(m.text) && !seen.has(m.ts));
      if (found) seen.add(found.ts);
      return found;
    });
  const approve = async (w: World, ts: string, tag: string) => {
    await w.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: ts, actionId: 'release_approve', userId: APPROVER });
    return w.slack.waitFor(() => w.github.releases('widget').find((r) => r.tag_name === tag));
  };
  const push = (w: World, branch: string, before: string) => w.webhook('push', w.github.pushPayload('widget', { before, ref: branch }));

  it('makes betas on develop, a candidate on release/1.3, then the release on main with the prerelease tags ignored', async () => {
    world = await startWorld({ config: CONFIG });
    const gh = world.github;
    const seen = new Set<string>();
    gh.createRepo('widget');
    gh.commit('widget', 'feat: first');
    gh.tag('widget', 'v1.2.3');
    const base = gh.head('widget');

    gh.createBranch('widget', 'develop', 'main');
    gh.commit('widget', 'feat: dark mode', { branch: 'develop' });
    await push(world, 'develop', base);
    const beta1 = await newProposal(world, seen);
    expect(beta1.text).toContain('v1.2.3 → v1.3.0-beta.1');
    expect(allText(beta1)).toContain('beta prerelease from `develop`');
    expect(await approve(world, beta1.ts, 'v1.3.0-beta.1')).toMatchObject({ prerelease: true, make_latest: 'false', latest: false });
    await world.bot.idle();

    const before = gh.head('widget', 'develop');
    gh.commit('widget', 'fix: contrast of the dark mode', { branch: 'develop' });
    await push(world, 'develop', before);
    const beta2 = await newProposal(world, seen);
    expect(beta2.text).toContain('v1.2.3 → v1.3.0-beta.2');
    await approve(world, beta2.ts, 'v1.3.0-beta.2');
    await world.bot.idle();

    gh.createBranch('widget', 'release/1.3', 'develop');
    const cut = gh.head('widget', 'release/1.3');
    gh.commit('widget', 'fix: last polish', { branch: 'release/1.3' });
    await push(world, 'release/1.3', cut);
    const rc1 = await newProposal(world, seen);
    expect(rc1.text).toContain('v1.2.3 → v1.3.0-rc.1');
    await approve(world, rc1.ts, 'v1.3.0-rc.1');
    await world.bot.idle();

    const mainBefore = gh.head('widget');
    gh.merge('widget', 'release/1.3', 'main', { ff: false });
    await push(world, 'main', mainBefore);
    const release = await newProposal(world, seen);
    expect(release.text).toContain('v1.2.3 → v1.3.0');
    expect(allText(release)).toContain('Ignored `v1.3.0-rc.1`: a prerelease · `v1.3.0-beta.2`: a prerelease · `v1.3.0-beta.1`: a prerelease');
    expect(await approve(world, release.ts, 'v1.3.0')).toMatchObject({ prerelease: false, make_latest: 'true', latest: true });
  });

  it('releases a fix on 1.x after 2.0.0 as 1.4.1, never "Latest", and refuses a feature on 1.2.x with the reason', async () => {
    world = await startWorld({ config: CONFIG });
    const gh = world.github;
    const seen = new Set<string>();
    gh.createRepo('widget');
    gh.commit('widget', 'feat: first');
    gh.tag('widget', 'v1.2.3');
    const v123 = gh.head('widget');
    gh.commit('widget', 'feat: export');
    gh.tag('widget', 'v1.4.0');
    const v140 = gh.head('widget');
    gh.commit('widget', 'feat!: the new API');
    gh.tag('widget', 'v2.0.0');

    gh.createBranch('widget', '1.x', 'v1.4.0');
    gh.commit('widget', 'fix: a security fix, backported', { branch: '1.x' });
    await push(world, '1.x', v140);
    const fix = await newProposal(world, seen);
    expect(fix.text).toContain('v1.4.0 → v1.4.1');
    expect(allText(fix)).toContain('maintenance of `1.x`');
    expect(allText(fix)).toContain('Ignored `v2.0.0`: not on `1.x`');
    expect(await approve(world, fix.ts, 'v1.4.1')).toMatchObject({ prerelease: false, make_latest: 'false' });
    expect(gh.tags('widget').find((t) => t.name === 'v1.4.1')?.sha).toBe(gh.head('widget', '1.x'));

    gh.createBranch('widget', '1.2.x', 'v1.2.3');
    gh.commit('widget', 'feat: a feature does not belong on 1.2.x', { branch: '1.2.x' });
    const id = 'feature-on-1.2.x';
    await world.webhook('push', gh.pushPayload('widget', { before: v123, ref: '1.2.x' }), { id });
    await world.bot.idle();
    expect(world.bot.store.deliveries.get(id)).toMatchObject({ status: 'skipped', outcome: expect.stringContaining('would leave the 1.2.x line') });
    expect(world.slack.messages(RELEASE_CHANNEL).filter((m) => /→/.test(m.text))).toHaveLength(1);

    const other = 'push-to-a-feature-branch';
    gh.createBranch('widget', 'feature/login', 'main');
    gh.commit('widget', 'feat: login', { branch: 'feature/login' });
    await world.webhook('push', gh.pushPayload('widget', { before: gh.head('widget'), ref: 'feature/login' }), { id: other });
    await world.bot.idle();
    expect(world.bot.store.deliveries.get(other)).toMatchObject({
      status: 'skipped',
      outcome: expect.stringContaining('not the default branch main nor a release branch'),
    });
  });

  it('proposes a hotfix from a release branch on demand, and names the release branches when asked for another', async () => {
    world = await startWorld({ config: CONFIG });
    const gh = world.github;
    gh.createRepo('widget');
    gh.commit('widget', 'feat: first');
    gh.tag('widget', 'v1.4.0');
    gh.commit('widget', 'feat!: the new API');
    gh.tag('widget', 'v2.0.0');
    gh.createBranch('widget', '1.x', 'v1.4.0');
    gh.commit('widget', 'fix: urgent', { branch: '1.x' });

    await world.slack.slashCommand({ command: '/release', text: 'widget --branch 1.x', userId: DEVELOPER, channelId: DEV_CHANNEL });
    const hotfix = await world.slack.waitFor(() => world.slack.messages(DEV_CHANNEL).find((m) => /→/.test(m.text)));
    expect(hotfix.text).toContain('v1.4.0 → v1.4.1');
    expect(allText(hotfix)).toContain(`Commit \`${gh.head('widget', '1.x').slice(0, 7)}\` on \`1.x\``);

    await world.slack.slashCommand({ command: '/release', text: 'widget --branch nope', userId: DEVELOPER, channelId: DEV_CHANNEL });
    const answer = await world.slack.waitFor(() => world.slack.ephemerals({ userId: DEVELOPER }).find((m) => /no release branch/.test(m.text)));
    expect(answer.text).toContain('`main`, `develop`, `release/*`, `1.x`, `1.2.x`');
    expect(world.slack.messages(DEV_CHANNEL).filter((m) => /→/.test(m.text))).toHaveLength(1);
  });

  it('releases a hotfix from a maintenance branch during a freeze when break-glass releases it anyway, saying who and why', async () => {
    world = await startWorld({ config: `${CONFIG}breakGlass: [S0RELEASERS]\n` });
    const gh = world.github;
    gh.createRepo('widget');
    gh.commit('widget', 'feat: first');
    gh.tag('widget', 'v1.2.3');
    gh.commit('widget', 'feat!: the new API');
    gh.tag('widget', 'v2.0.0');
    gh.createBranch('widget', '1.2.x', 'v1.2.3');
    const fix = gh.commit('widget', 'fix: the security hole of 1.2', { branch: '1.2.x' });
    await world.slack.slashCommand({ command: '/release', text: 'freeze all "incident 42"', userId: APPROVER, channelId: RELEASE_CHANNEL });
    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /are frozen/.test(m.text)));

    await world.slack.slashCommand({ command: '/release', text: 'widget --branch 1.2.x', userId: DEVELOPER, channelId: DEV_CHANNEL });
    const hotfix = await world.slack.waitFor(() => world.slack.messages(DEV_CHANNEL).find((m) => /→/.test(m.text)));
    expect(hotfix.text).toContain('v1.2.3 → v1.2.4');
    expect(allText(hotfix)).toContain('frozen: incident 42');

    // carol (in breakGlass through S0RELEASERS) releases the frozen proposal anyway, with a reason; alice approves it
    await world.slack.clickButton({ channelId: DEV_CHANNEL, messageTs: hotfix.ts, actionId: 'release_anyway', userId: GROUP_MEMBER });
    await world.slack.waitFor(() => world.slack.openViews(GROUP_MEMBER)[0]);
    await world.slack.submitView({ userId: GROUP_MEMBER, values: { reason: 'customers on 1.2 are exposed' } });
    await world.slack.waitFor(() => world.slack.replies(DEV_CHANNEL, hotfix.ts).find((m) => /released this anyway, past the freeze/.test(m.text)));
    await world.slack.clickButton({ channelId: DEV_CHANNEL, messageTs: hotfix.ts, actionId: 'release_approve', userId: APPROVER });

    const release = await world.slack.waitFor(() => gh.releases('widget').find((r) => r.tag_name === 'v1.2.4'));
    expect(release).toMatchObject({ prerelease: false, make_latest: 'false' });
    expect(gh.tags('widget').find((t) => t.name === 'v1.2.4')?.sha).toBe(fix);
    await world.bot.idle();
    expect(world.bot.store.freezes.active()).toHaveLength(1);
    const thread = world.slack.replies(DEV_CHANNEL, hotfix.ts).map((m) => m.text);
    expect(thread.join('\n')).toContain(`<@${GROUP_MEMBER}> released this anyway, past the freeze: customers on 1.2 are exposed`);
    expect(thread.some((m) => /held by the freeze/.test(m))).toBe(false);
    expect(world.bot.store.audit.entries({ subjectType: 'release' }).find((e) => e.action === 'break-glass')).toMatchObject({
      actor: GROUP_MEMBER,
      reason: 'bypassed freeze: customers on 1.2 are exposed',
    });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { APPROVER, DEVELOPER, RELEASE_CHANNEL, allText, startWorld, type World } from './world.js';
import { TRAIN_CONFIG } from './train-fixture.js';

const FILE = '.github/release-bot.yml';
const CONTENTS = `/api/v3/repos/acme/widget/contents/${FILE}`;

describe("a repository's .github/release-bot.yml", () => {
  let world: World;
  afterEach(async () => {
    await world.stop();
  });

  const proposalOf = (w: World, tag: string) =>
    w.slack.waitFor(() => w.slack.messages(RELEASE_CHANNEL).find((m) => m.text.includes(`→ ${tag}`) && /\(\w+\)$/.test(m.text)));

  /** widget: released as release-1.0.0 (and an old v2.0.0 of before the rename), then a refactor. */
  function seed(w: World, file: string): { before: string; after: string } {
    const gh = w.github;
    gh.createRepo('widget');
    gh.commit('widget', 'feat: first', { files: { [FILE]: file } });
    gh.tag('widget', 'release-1.0.0');
    gh.tag('widget', 'v2.0.0');
    const before = gh.head('widget');
    const after = gh.commit('widget', 'refactor(core): split the parser');
    return { before, after };
  }

  it('changes the tag prefix and the release rules of its proposals, and the release GitHub gets', async () => {
    world = await startWorld();
    const { before, after } = seed(world, 'tagPrefix: release-\nreleaseRules:\n  - { type: refactor, scope: core, release: minor }\n');

    await world.webhook('push', world.github.pushPayload('widget', { before, after }));

    const proposal = await proposalOf(world, 'release-1.1.0');
    const text = allText(proposal);
    expect(proposal.text).toBe('widget: release-1.0.0 → release-1.1.0 (minor)');
    expect(text).toContain('release rule `refactor(core) → minor`');
    expect(text).toContain('Settings from `.github/release-bot.yml`: `tagPrefix`, `releaseRules`');
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)));
    expect(world.github.tags('widget').find((t) => t.name === 'release-1.1.0')?.sha).toBe(after);
    expect(world.github.releases('widget').map((r) => r.tag_name)).toEqual(['release-1.1.0']);
  });

  it('is named on the proposal when invalid, and the organisation settings apply: it grants no approver', async () => {
    world = await startWorld();
    const { before, after } = seed(world, `tagPrefix: release-\napprovers: [${DEVELOPER}]\nreleaseRules:\n  - { type: refactor }\n`);

    await world.webhook('push', world.github.pushPayload('widget', { before, after }));

    // the organisation's prefix (v) and rules (a refactor is the default patch)
    const proposal = await proposalOf(world, 'v2.0.1');
    expect(proposal.text).toBe('widget: v2.0.0 → v2.0.1 (patch)');
    const text = allText(proposal);
    expect(text).toContain(
      "Ignored `.github/release-bot.yml`: approvers: not allowed in a repository's file (only the organisation's release-bot.yml sets it) · releaseRules.0.release: required. The organisation's settings apply.",
    );
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: DEVELOPER });
    await world.slack.waitFor(() => world.slack.ephemerals({ userId: DEVELOPER }).find((m) => /Only release approvers/.test(m.text)));
    await world.bot.idle();
    expect(world.github.tags('widget').map((t) => t.name)).toEqual(['release-1.0.0', 'v2.0.0']);
  });

  it('is read again at each proposal with its ETag: unchanged, a 304 that costs no rate limit; changed, its new settings', async () => {
    world = await startWorld();
    seed(world, 'tagPrefix: release-\n');
    const gh = world.github;
    const propose = async (tag: string) => {
      const seen = world.slack.ephemerals({ userId: APPROVER }).length;
      await world.slack.slashCommand({ command: '/release', text: 'widget --dry-run', userId: APPROVER, channelId: RELEASE_CHANNEL });
      const preview = await world.slack.waitFor(() => world.slack.ephemerals({ userId: APPROVER }).find((m, i) => i >= seen && /Dry run/.test(allText(m))));
      expect(preview.text).toContain(`→ ${tag}`);
      await world.bot.idle();
    };
    const contentsReads = () => gh.stats.requests.filter((r) => r.path === CONTENTS).map((r) => r.status);
    /** REST requests that counted against the primary limit since the last reset of the stats */
    const counted = () => gh.stats.requests.filter((r) => r.path.startsWith('/api/v3/') && r.status !== 304).length;

    await propose('release-1.0.1');
    expect(contentsReads()).toEqual([200]);

    gh.resetStats();
    const used = gh.rateLimitUsed();
    await propose('release-1.0.1');
    expect(contentsReads()).toEqual([304]);
    expect(gh.rateLimitUsed() - used).toBe(counted());
    expect(gh.stats.requests.length).toBe(counted() + 1);

    gh.commit('widget', 'chore: back to v tags', { files: { [FILE]: 'tagPrefix: v\n' } });
    gh.resetStats();
    await propose('v2.0.1');
    expect(contentsReads()).toEqual([200]);
  });

  it("applies each connector's file in a release train, read by the GraphQL sweep, not one REST call per connector", async () => {
    world = await startWorld({ config: TRAIN_CONFIG });
    const gh = world.github;
    const connector = (name: string, tag: string, change: string, file?: string) => {
      gh.createRepo(name);
      gh.commit(name, 'feat: first sync', file === undefined ? {} : { files: { [FILE]: file } });
      gh.tag(name, tag);
      gh.commit(name, change);
    };
    connector('connector-prefixed', 'v1.0.0', 'fix: token refresh', 'tagPrefix: v\n');
    connector('connector-plain', '1.0.0', 'fix: token refresh');
    connector('connector-greedy', '1.0.0', 'feat: sync deletes', `tagPrefix: v\nrequiredApprovals: 0\napprovers: [${DEVELOPER}]\n`);
    gh.resetStats();

    await world.slack.slashCommand({ command: '/connectors', text: 'batch', userId: APPROVER, channelId: RELEASE_CHANNEL });
    const card = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /Release train/.test(m.text)));
    const text = allText(card);
    expect(text).toContain('*connector-prefixed*  1.0.0 → *1.0.1*');
    expect(text).toContain('*connector-greedy*  1.0.0 → *1.1.0*');
    expect(text).toContain("Ignored `.github/release-bot.yml`: requiredApprovals: not allowed in a repository's file");
    expect(gh.stats.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/graphql']);

    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: card.ts, actionId: 'batch_approve', userId: APPROVER });
    await world.slack.waitFor(() => world.slack.replies(RELEASE_CHANNEL, card.ts).find((m) => /is done/.test(m.text)));
    expect(gh.releases('connector-prefixed').map((r) => r.tag_name)).toEqual(['v1.0.1']);
    expect(gh.releases('connector-plain').map((r) => r.tag_name)).toEqual(['1.0.1']);
    expect(gh.releases('connector-greedy').map((r) => r.tag_name)).toEqual(['1.1.0']);
  });
});

import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { APPROVER, RELEASE_CHANNEL, WEBHOOK_SECRET, allText, startWorld, type World } from './world.js';
import { BUILD_SECRET, ROLLOUT_ENV } from './rollout-harness.js';

/**
 * Versions on histories as real organisations have them: an abandoned release candidate above
 * today's releases, a tag left on a dead branch, `releaseRules`, and what GitHub is told about
 * "Latest". Driven as users drive the bot: a signed push, a click.
 */
describe('versions that match real tag histories', () => {
  let world: World;
  afterEach(async () => {
    await world.stop();
  });

  const proposal = (w: World) => w.slack.waitFor(() => w.slack.messages(RELEASE_CHANNEL).find((m) => /→/.test(m.text)));
  const approve = async (w: World, ts: string) => {
    await w.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: ts, actionId: 'release_approve', userId: APPROVER });
    return w.slack.waitFor(() => w.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)));
  };

  /** widget: v1.2.3 on main, an old v1.10.0-rc.1 in main's history, a v3.0.0 left on an abandoned branch, then a feature. */
  function seedStaleTags(w: World): { before: string; after: string } {
    const gh = w.github;
    gh.createRepo('widget');
    gh.commit('widget', 'chore: initial commit');
    gh.commit('widget', 'feat: try a rewrite');
    gh.tag('widget', 'v1.10.0-rc.1', { annotated: true });
    gh.commit('widget', 'revert the rewrite');
    gh.tag('widget', 'v1.2.3');
    gh.commit('widget', 'feat!: the big rewrite, abandoned', { branch: 'rewrite' });
    gh.tag('widget', 'v3.0.0', { sha: gh.head('widget', 'rewrite') });
    const before = gh.head('widget');
    const after = gh.commit('widget', 'feat: export to CSV');
    return { before, after };
  }

  it('counts from the last release on main, names the tags it ignored, and does not make a backport "Latest"', async () => {
    world = await startWorld();
    const { before, after } = seedStaleTags(world);
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));

    const message = await proposal(world);
    expect(message.text).toContain('v1.2.3 → v1.3.0');
    const text = allText(message);
    expect(text).toContain('Ignored `v3.0.0`: not on `main` · `v1.10.0-rc.1`: a prerelease');
    // only the commit since v1.2.3 is listed, not the abandoned branch's
    expect(text).toContain('feat: export to CSV');
    expect(text).not.toContain('abandoned');

    await approve(world, message.ts);
    const [release] = world.github.releases('widget');
    // v3.0.0 is a higher stable version already tagged: 1.3.0 must not take "Latest" from it
    expect(release).toMatchObject({ tag_name: 'v1.3.0', prerelease: false, make_latest: 'false' });
    expect(world.github.tags('widget').find((t) => t.name === 'v1.3.0')?.sha).toBe(after);
  });

  it('makes a release above every stable version the "Latest", and a prerelease never', async () => {
    world = await startWorld();
    const gh = world.github;
    gh.createRepo('widget');
    gh.commit('widget', 'feat: first');
    gh.tag('widget', 'v1.2.3');
    gh.commit('widget', 'fix: a bug');
    await world.webhook('push', gh.pushPayload('widget', { before: gh.commitsOf('widget')[1]!.sha }));
    await approve(world, (await proposal(world)).ts);
    expect(gh.releases('widget')[0]).toMatchObject({ tag_name: 'v1.2.4', prerelease: false, make_latest: 'true', latest: true });
  });

  it('names nothing when nothing was ignored', async () => {
    world = await startWorld();
    const gh = world.github;
    gh.createRepo('widget');
    gh.commit('widget', 'feat: first');
    gh.tag('widget', 'v1.2.3');
    gh.tag('widget', 'v1.0.0-rc.1');
    const after = gh.commit('widget', 'fix: a bug');
    await world.webhook('push', gh.pushPayload('widget', { before: gh.commitsOf('widget')[1]!.sha, after }));
    expect(allText(await proposal(world))).not.toContain('Ignored');
  });

  it('counts each connector of a release train from its last release, and names what it ignored in its row', async () => {
    world = await startWorld({ config: 'approvers: [U0APPROVER]\n' });
    const gh = world.github;
    gh.createRepo('connector-stale');
    gh.commit('connector-stale', 'feat: first sync');
    gh.tag('connector-stale', '1.10.0-rc.1');
    gh.commit('connector-stale', 'fix: undo the candidate');
    gh.tag('connector-stale', '1.2.3');
    gh.commit('connector-stale', 'fix: token refresh');
    gh.createRepo('connector-branchy');
    gh.commit('connector-branchy', 'feat: first sync');
    gh.tag('connector-branchy', '1.0.0');
    gh.commit('connector-branchy', 'feat!: abandoned', { branch: 'v2' });
    gh.tag('connector-branchy', '2.0.0', { sha: gh.head('connector-branchy', 'v2') });
    gh.commit('connector-branchy', 'feat: sync deletes');
    gh.resetStats();

    await world.slack.slashCommand({ command: '/connectors', text: 'batch', userId: APPROVER, channelId: RELEASE_CHANNEL });
    const card = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /Release train/.test(m.text)));
    const text = allText(card);
    expect(text).toContain('*connector-stale*  1.2.3 → *1.2.4*');
    expect(text).toContain('Ignored `1.10.0-rc.1`: a prerelease');
    expect(text).toContain('*connector-branchy*  1.0.0 → *1.1.0*');
    expect(text).toContain('Ignored `2.0.0`: not on `main`');
    // the GraphQL sweep showed every history whole: no request per tag
    expect(gh.stats.graphql).toBe(1);
    expect(gh.stats.reads).toBe(1);
  });

  /** v1.2.3, then a feature of an experimental scope and an upper-case refactor, pushed. */
  async function pushExperimentAndRefactor(w: World): Promise<void> {
    const gh = w.github;
    gh.createRepo('widget');
    gh.commit('widget', 'feat: first');
    gh.tag('widget', 'v1.2.3');
    const before = gh.head('widget');
    gh.commit('widget', 'feat(experimental): a toggle nobody sees yet');
    const after = gh.commit('widget', 'REFACTOR(core): split the parser');
    await w.webhook('push', gh.pushPayload('widget', { before, after }));
  }

  it('follows releaseRules from release-bot.yml, and says which rule decided', async () => {
    world = await startWorld({
      config: [
        'approvers: [S0RELEASERS]',
        'defaultBump: none',
        'releaseRules:',
        '  - { type: refactor, release: patch }',
        '  - { type: feat, scope: experimental, release: false }',
      ].join('\n'),
    });
    await pushExperimentAndRefactor(world);

    const message = await proposal(world);
    // the experimental feature calls for nothing; the refactor for a patch, by the rule
    expect(message.text).toContain('v1.2.3 → v1.2.4');
    expect(allText(message)).toMatch(/Why patch:.*REFACTOR\(core\): split the parser.*release rule/);
  });

  it('without the rules, the same commits call for a minor', async () => {
    world = await startWorld({ config: 'approvers: [S0RELEASERS]\ndefaultBump: none\n' });
    await pushExperimentAndRefactor(world);
    expect((await proposal(world)).text).toContain('v1.2.3 → v1.3.0');
  });
});

describe('empty and non-JSON signed bodies', () => {
  let world: World;
  afterEach(async () => {
    await world.stop();
  });

  const signed = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const post = async (w: World, path: string, body: string, secret: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`http://127.0.0.1:${w.bot.port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signed(secret, body), ...headers },
      body,
    });
    return { status: res.status, body: (await res.json()) as { error?: string } };
  };
  const github = (id: string) => ({ 'x-github-event': 'push', 'x-github-delivery': id });

  it('answers 400 with what was wrong, stores nothing, and takes the next delivery', async () => {
    world = await startWorld({ env: ROLLOUT_ENV });
    const cases: [string, string, string, Record<string, string>, RegExp][] = [
      ['/api/github/webhooks', '', WEBHOOK_SECRET, github('d-empty'), /body is empty/],
      ['/api/github/webhooks', 'not json', WEBHOOK_SECRET, github('d-text'), /not JSON/],
      ['/api/github/webhooks', '42', WEBHOOK_SECRET, github('d-number'), /not an object/],
      ['/api/builds', '', BUILD_SECRET, {}, /body is empty/],
      ['/api/builds', '{"build":', BUILD_SECRET, {}, /not JSON/],
    ];
    for (const [path, body, secret, headers, error] of cases) {
      const res = await post(world, path, body, secret, headers);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.error).toMatch(error);
    }
    expect(world.bot.store.deliveries.count()).toBe(0);

    const ping = await post(world, '/api/github/webhooks', JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 }), WEBHOOK_SECRET, {
      'x-github-event': 'ping',
      'x-github-delivery': 'd-ping',
    });
    expect(ping.status).toBe(202);
    expect(world.bot.store.deliveries.count()).toBe(1);
  });
});

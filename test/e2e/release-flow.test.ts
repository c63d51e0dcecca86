import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sign } from '@octokit/webhooks-methods';
import { APPROVER, DEVELOPER, GROUP_MEMBER, RELEASE_CHANNEL, WEBHOOK_SECRET, allText, eventually, seedWidget, startWorld, type World } from './world.js';

describe('push → proposal → approval → tag + release → notice', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.stop();
  });

  const proposalIn = (w: World, channel = RELEASE_CHANNEL) => w.slack.waitFor(() => w.slack.messages(channel).find((m) => /→/.test(m.text)));

  it('proposes the next version on a push to main and releases it on approval, on the proposed commit', async () => {
    const { before, after } = seedWidget(world.github);
    const t0 = performance.now();
    const res = await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    expect(res.status).toBe(202);

    const proposal = await proposalIn(world);
    const proposedMs = performance.now() - t0;
    const text = allText(proposal);
    expect(proposal.text).toContain('v1.2.3 → v1.3.0');
    expect(text).toContain('Why minor');
    expect(text).toContain('feat(api): add the export endpoint');
    expect(text).toContain('fix: handle empty input');
    expect(text).toContain(`/compare/v1.2.3...${after}`);

    // main moves on after the proposal: the tag must still go on the proposed commit
    const later = world.github.commit('widget', 'feat: something nobody approved');

    const writesBefore = world.github.stats.writes;
    const t1 = performance.now();
    const click = await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    expect(click.acked).toBe(true);
    expect(click.ackMs).toBeLessThan(3000);

    const notice = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)));
    const releasedMs = performance.now() - t1;
    const tag = world.github.tags('widget').find((t) => t.name === 'v1.3.0');
    expect(tag?.sha).toBe(after);
    expect(tag?.sha).not.toBe(later);
    expect(tag?.tagObjectSha).toBeTruthy();
    const releases = world.github.releases('widget');
    expect(releases).toHaveLength(1);
    expect(releases[0]).toMatchObject({ tag_name: 'v1.3.0', draft: false, prerelease: false });
    expect(releases[0]!.body).toContain('### Features');
    expect(releases[0]!.body).toContain('### Bug fixes');
    expect(allText(notice)).toContain(releases[0]!.html_url);

    const updated = world.slack.message(RELEASE_CHANNEL, proposal.ts)!;
    expect(allText(updated)).toContain('Released');
    expect(JSON.stringify(updated.blocks)).not.toContain('release_approve');
    const thread = world.slack
      .replies(RELEASE_CHANNEL, proposal.ts)
      .map((m) => m.text)
      .join('\n');
    expect(thread).toMatch(/approved/);
    expect(thread).toMatch(/Tagged `v1.3.0`/);
    expect(thread).toMatch(/Published the GitHub release/);
    expect(world.github.stats.writes - writesBefore).toBe(3); // git/tags, git/refs, releases
    const calls = (from: number, to?: number) =>
      world.github.stats.requests.slice(from, to).map((r) => `${r.method} ${r.path.replace(/^\/api\/v3\/repos\/acme\/widget/, '')} ${r.status}`);
    console.info(`[figures] webhook→proposal ${proposedMs.toFixed(0)} ms; click→notice ${releasedMs.toFixed(0)} ms`);
    console.info(`[figures] GitHub requests: ${JSON.stringify(calls(0))}; Slack calls: ${JSON.stringify(world.slack.calls().map((c) => c.method))}`);

    await world.bot.idle();
    const audit = world.bot.store.audit.entries({ subjectType: 'release' }).map((e) => `${e.actor}:${e.action}`);
    expect(audit).toEqual(['github:propose', `${APPROVER}:approved`, 'bot:tagged', 'bot:published', 'bot:notified']);
  });

  it('does nothing for a redelivery of the same X-GitHub-Delivery', async () => {
    const { before, after } = seedWidget(world.github);
    const payload = world.github.pushPayload('widget', { before, after });
    expect((await world.webhook('push', payload, { id: 'same-delivery' })).status).toBe(202);
    await proposalIn(world);
    await world.bot.idle();
    const again = await world.webhook('push', payload, { id: 'same-delivery' });
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ duplicate: true });
    await world.bot.idle();
    expect(world.slack.messages(RELEASE_CHANNEL)).toHaveLength(1);
  });

  it('refuses a bad or missing signature and stores nothing', async () => {
    const { before, after } = seedWidget(world.github);
    const payload = world.github.pushPayload('widget', { before, after });
    const wrong = await world.webhook('push', payload, { secret: 'not-the-secret' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('GITHUB_WEBHOOK_SECRET');
    const missing = await world.webhook('push', payload, { signature: null });
    expect(missing.status).toBe(401);
    const garbage = await world.webhook('push', payload, { signature: 'sha1=abc' });
    expect(garbage.status).toBe(401);
    await world.bot.idle();
    expect(world.bot.store.deliveries.count()).toBe(0);
    expect(world.slack.messages(RELEASE_CHANNEL)).toHaveLength(0);
    expect(world.github.stats.reads).toBe(0);
  });

  it('answers a signed body that is not JSON with 400, and records a push without a repository as skipped', async () => {
    const sent = await fetch(`http://127.0.0.1:${world.bot.port}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': 'not-json',
        'x-hub-signature-256': await sign(WEBHOOK_SECRET, 'ref=main'),
      },
      body: 'ref=main',
    });
    expect(sent.status).toBe(400);
    expect(await sent.text()).toContain('application/json');
    expect(world.bot.store.deliveries.count()).toBe(0);
    const noHeader = await fetch(`http://127.0.0.1:${world.bot.port}/api/github/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': await sign(WEBHOOK_SECRET, '{}') },
      body: '{}',
    });
    expect(noHeader.status).toBe(400);
    expect(await noHeader.text()).toContain('X-GitHub-Event');
    expect((await world.webhook('push', { zen: 'not a push' }, { id: 'odd-push' })).status).toBe(202);
    await world.bot.idle();
    expect(world.bot.store.deliveries.get('odd-push')).toMatchObject({ status: 'skipped', outcome: 'push payload without repository, ref or after' });
    expect(world.slack.messages(RELEASE_CHANNEL)).toHaveLength(0);
    expect(world.github.stats.requests).toHaveLength(0);
  });

  it('records pushes that are not releases with the reason', async () => {
    const { before, after } = seedWidget(world.github);
    const branch = world.github.pushPayload('widget', { before, after, ref: 'refs/heads/feature/x' });
    const tag = world.github.pushPayload('widget', { before: '0'.repeat(40), after, ref: 'refs/tags/v9.9.9' });
    await world.webhook('push', branch, { id: 'branch-push' });
    await world.webhook('push', tag, { id: 'tag-push' });
    await world.bot.idle();
    expect(world.bot.store.deliveries.get('branch-push')).toMatchObject({ status: 'skipped' });
    expect(world.bot.store.deliveries.get('branch-push')!.outcome).toContain('not-default-branch');
    expect(world.bot.store.deliveries.get('tag-push')!.outcome).toContain('tag-push');
    expect(world.slack.messages(RELEASE_CHANNEL)).toHaveLength(0);
  });

  it('refuses a click from a non-approver, tells them privately and audits it', async () => {
    const { before, after } = seedWidget(world.github);
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    const proposal = await proposalIn(world);
    const click = await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: DEVELOPER });
    expect(click.acked).toBe(true);
    const refusal = await world.slack.waitFor(() => world.slack.ephemerals({ userId: DEVELOPER })[0]);
    expect(refusal.text).toMatch(/Only release approvers/);
    await world.bot.idle();
    expect(world.github.tags('widget').map((t) => t.name)).not.toContain('v1.3.0');
    expect(world.bot.store.audit.entries().some((e) => e.actor === DEVELOPER && e.action === 'refused')).toBe(true);
    expect(world.slack.ephemerals({ userId: APPROVER })).toHaveLength(0);
  });

  it('lets a member of an approver user group approve', async () => {
    const { before, after } = seedWidget(world.github);
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    const proposal = await proposalIn(world);
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: GROUP_MEMBER });
    await world.slack.waitFor(() => world.github.releases('widget')[0]);
  });

  it('makes one release from two quick clicks on Approve', async () => {
    const { before, after } = seedWidget(world.github);
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    const proposal = await proposalIn(world);
    const click = () => world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    await Promise.all([click(), click()]);
    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)));
    await world.bot.idle();
    expect(world.github.releases('widget')).toHaveLength(1);
    expect(world.github.tags('widget').filter((t) => t.name === 'v1.3.0')).toHaveLength(1);
    expect(world.slack.messages(RELEASE_CHANNEL).filter((m) => /is released/.test(m.text))).toHaveLength(1);
    expect(world.github.stats.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/git/refs'))).toHaveLength(1);
  });

  it('re-renders the proposal when an approver picks a lower bump, with a warning', async () => {
    const { before, after } = seedWidget(world.github);
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    const proposal = await proposalIn(world);
    await world.slack.selectOption({
      channelId: RELEASE_CHANNEL,
      messageTs: proposal.ts,
      actionId: 'release_bump',
      userId: APPROVER,
      value: `${proposal.blocks ? JSON.stringify(proposal.blocks).match(/"value":"(\d+):patch"/)![1] : ''}:patch`,
    });
    const updated = await world.slack.waitFor(() => {
      const m = world.slack.message(RELEASE_CHANNEL, proposal.ts)!;
      return m.text.includes('v1.2.4') ? m : undefined;
    });
    expect(allText(updated)).toMatch(/patch\* is lower than the commits call for \(\*minor\*\)/);
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    await world.slack.waitFor(() => world.github.releases('widget')[0]);
    expect(world.github.releases('widget')[0]!.tag_name).toBe('v1.2.4');
  });

  it('skips a proposal on Skip, and a later approve does nothing', async () => {
    const { before, after } = seedWidget(world.github);
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    const proposal = await proposalIn(world);
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_skip', userId: APPROVER });
    await world.slack.waitFor(() => /Skipped/.test(world.slack.message(RELEASE_CHANNEL, proposal.ts)!.text));
    await world.bot.idle();
    expect(world.github.tags('widget').map((t) => t.name)).not.toContain('v1.3.0');
  });

  it('never pings anyone for a commit titled <!channel>', async () => {
    world.github.createRepo('widget');
    world.github.commit('widget', 'feat: start');
    world.github.tag('widget', 'v0.1.0');
    const before = world.github.head('widget');
    const after = world.github.commit('widget', 'fix: <!channel> <!here> <@U0APPROVER> & <https://evil.example|click>');
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    const proposal = await proposalIn(world);
    expect(proposal.mentions).toEqual([]);
    expect(allText(proposal)).toContain('&lt;!channel&gt;');
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)));
    await world.bot.idle();
    const everything = [...world.slack.messages(RELEASE_CHANNEL), ...world.slack.replies(RELEASE_CHANNEL, proposal.ts)];
    expect(everything.flatMap((m) => m.mentions).filter((x) => /channel|here|everyone/.test(x))).toEqual([]);
  });

  it('makes a valid message for a push of 300 commits', async () => {
    world.github.createRepo('widget');
    world.github.commit('widget', 'feat: start');
    world.github.tag('widget', 'v2.0.0');
    const before = world.github.head('widget');
    let after = before;
    for (let i = 1; i <= 300; i++)
      after = world.github.commit('widget', `${i % 10 === 0 ? 'feat' : 'fix'}(part-${i}): change number ${i} ${'with a long description '.repeat(4)}`);
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    const proposal = await proposalIn(world);
    expect(allText(proposal)).toContain('300 commits');
    expect(allText(proposal)).toMatch(/and 2\d\d more/);
    expect(world.slack.calls('chat.postMessage').every((c) => c.ok)).toBe(true);
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    await world.slack.waitFor(() => world.github.releases('widget')[0]);
    expect(world.github.releases('widget')[0]!.tag_name).toBe('v2.1.0');
    expect(
      world.github
        .releases('widget')[0]!
        .body.split('\n')
        .filter((l) => l.startsWith('- ')),
    ).toHaveLength(300);
  });

  it('fails loudly when the tag already exists on another commit, and never moves it', async () => {
    const { before, after } = seedWidget(world.github);
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    const proposal = await proposalIn(world);
    world.github.tag('widget', 'v1.3.0', { sha: before });
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    const failure = await world.slack.waitFor(() => world.slack.replies(RELEASE_CHANNEL, proposal.ts).find((m) => /failed/.test(m.text)));
    expect(failure.text).toContain('never moves a tag');
    await world.bot.idle();
    expect(world.github.tags('widget').find((t) => t.name === 'v1.3.0')!.sha).toBe(before);
    expect(world.github.releases('widget')).toHaveLength(0);
    expect(allText(world.slack.message(RELEASE_CHANNEL, proposal.ts)!)).toContain('Failed');

    // someone deletes the stray tag; an approver retries, and the release goes through on the proposed commit
    world.github.deleteTag('widget', 'v1.3.0');
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_retry', userId: APPROVER });
    await world.slack.waitFor(() => world.github.releases('widget')[0], 10_000);
    await world.bot.idle();
    expect(world.github.tags('widget').find((t) => t.name === 'v1.3.0')!.sha).toBe(after);
  });

  it('counts a tag that already points at the proposed commit as done', async () => {
    const { before, after } = seedWidget(world.github);
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    const proposal = await proposalIn(world);
    world.github.tag('widget', 'v1.3.0', { sha: after });
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    await world.slack.waitFor(() => world.github.releases('widget')[0]);
    await world.bot.idle();
    expect(world.slack.replies(RELEASE_CHANNEL, proposal.ts).some((m) => /already pointed at/.test(m.text))).toBe(true);
  });

  it('answers /healthz 200 while connected and 503 with the reason when Slack is gone', async () => {
    const ok = await fetch(`http://127.0.0.1:${world.bot.port}/healthz`);
    expect(ok.status).toBe(200);
    await world.slack.stop();
    const down = await eventually(async () => {
      const res = await fetch(`http://127.0.0.1:${world.bot.port}/healthz`);
      return res.status === 503 ? ((await res.json()) as { problems: string[] }) : undefined;
    });
    expect(down.problems.join()).toMatch(/Socket Mode connection is down/);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPROVER, DEVELOPER, DEV_CHANNEL, RELEASE_CHANNEL, allText, startWorld, type World } from './world.js';
import { FAST_RETRY, FakeInfra, ROLLOUT_ENV, build, httpRolloutConfig, postBuild } from './rollout-harness.js';

describe('/deploy: rollback, pinning and deploying a version by hand', () => {
  let world: World;
  let infra: FakeInfra;
  beforeEach(async () => {
    infra = await FakeInfra.start();
    world = await startWorld({ config: httpRolloutConfig(infra.url), env: ROLLOUT_ENV, deployRetry: FAST_RETRY });
  });
  afterEach(async () => {
    await world.stop();
    await infra.stop();
  });

  const deploy = async (text: string, userId = APPROVER) => {
    const before = world.slack.ephemerals({ userId }).length;
    const res = await world.slack.slashCommand({ command: '/deploy', text, userId, channelId: DEV_CHANNEL });
    expect(res.acked).toBe(true);
    expect(res.ackMs).toBeLessThan(3000);
    const answer = await world.slack.waitFor(() => world.slack.ephemerals({ userId })[before]);
    await world.bot.idle();
    return answer.text;
  };
  const images = () => infra.puts().map((p) => (p.body as { image: string }).image);
  const ownMessage = (version: string) => world.slack.messages(RELEASE_CHANNEL).find((m) => m.text.includes(`connector-foo ${version}`));
  const thread = (ts: string) =>
    world.slack
      .replies(RELEASE_CHANNEL, ts)
      .map((m) => allText(m))
      .join('\n');

  async function deployed(...versions: string[]) {
    for (const v of versions) {
      expect((await postBuild(world.bot.port, build(v))).status).toBe(202);
      await world.bot.idle();
    }
    expect(images()).toEqual(versions.map((v) => `ghcr.io/acme/connector-foo:${v}`));
  }

  it('rolls back to the previous image and pins the connector', async () => {
    await deployed('1.3.0', '1.4.0');
    const answer = await deploy('connector-foo rollback');
    expect(answer).toMatch(/Rolling \*connector-foo\* back from `1.4.0` to `1.3.0`/);
    expect(images().at(-1)).toBe('ghcr.io/acme/connector-foo:1.3.0');
    expect(infra.puts()).toHaveLength(3);

    const rollback = await world.slack.waitFor(() =>
      world.slack.messages(RELEASE_CHANNEL).find((m) => /Rollback of connector-foo to 1.3.0: deployed/.test(m.text)),
    );
    expect(thread(rollback.ts)).toMatch(new RegExp(`<@${APPROVER}> is rolling \\*connector-foo\\* back from \`1.4.0\` to \`1.3.0\``));
    expect(thread(rollback.ts)).toMatch(/Deployed in/);
    const replaced = ownMessage('1.4.0')!;
    expect(replaced.text).toMatch(/rolled back/);
    expect(thread(replaced.ts)).toMatch(new RegExp(`Rolled back to \`1.3.0\` by <@${APPROVER}>`));

    const rollouts = world.bot.store.rollouts;
    expect(rollouts.pinOf('connector-foo')).toMatchObject({ version: '1.3.0', pinnedBy: APPROVER });
    expect(rollouts.ofConnector('connector-foo').map((r) => `${r.version}:${r.kind}:${r.status}`)).toEqual([
      '1.3.0:rollback:deployed',
      '1.4.0:build:rolled_back',
      '1.3.0:build:deployed',
    ]);
    const audit = world.bot.store.audit
      .entries()
      .filter((e) => e.actor === APPROVER)
      .map((e) => `${e.subjectType}:${e.action}`);
    expect(audit).toEqual(['rollout:rollback', 'connector:pin', 'rollout:rolled_back']);

    // A second rollback steps one image further back: there is none.
    expect(await deploy('connector-foo rollback')).toMatch(/no earlier one to roll back to/);
    expect(infra.puts()).toHaveLength(3);
  });

  it('records and announces a build of a pinned connector without deploying it, until unpinned', async () => {
    await deployed('1.3.0', '1.4.0');
    await deploy('connector-foo rollback');
    const putsBefore = infra.puts().length;

    expect((await postBuild(world.bot.port, build('1.5.0'))).status).toBe(202);
    await world.bot.idle();
    expect(infra.puts()).toHaveLength(putsBefore);
    const held = ownMessage('1.5.0')!;
    expect(allText(held)).toMatch(/Not deployed: `connector-foo` is pinned to `1.3.0`/);
    expect(thread(held.ts)).toMatch(/received, not deployed/);
    expect(world.bot.store.rollouts.ofConnector('connector-foo')[0]).toMatchObject({ version: '1.5.0', status: 'held' });

    expect(await deploy('connector-foo unpin')).toMatch(/Unpinned \*connector-foo\*.*`1.5.0`/);
    expect(world.bot.store.rollouts.pinOf('connector-foo')).toBeUndefined();
    expect(world.slack.messages(RELEASE_CHANNEL).some((m) => m.text.includes(`<@${APPROVER}> unpinned *connector-foo*`))).toBe(true);
    expect(await deploy('connector-foo unpin')).toMatch(/not pinned; nothing changed/);
    expect(infra.puts()).toHaveLength(putsBefore);

    // The held build, deployed by hand, finishes in its own thread; the next build rolls out by itself.
    expect(await deploy('connector-foo 1.5.0')).toMatch(/Deploying \*connector-foo\* `1.5.0`/);
    expect(thread(held.ts)).toMatch(/Deployed in/);
    expect((await postBuild(world.bot.port, build('1.6.0'))).status).toBe(202);
    await world.bot.idle();
    expect(images().map((i) => i.split(':').pop())).toEqual(['1.3.0', '1.4.0', '1.3.0', '1.5.0', '1.6.0']);
    const audit = world.bot.store.audit.entries({ subjectType: 'connector' }).map((e) => `${e.actor}:${e.action}`);
    expect(audit).toEqual([`${APPROVER}:pin`, `${APPROVER}:unpin`]);
  });

  it('answers help and bad input privately and changes nothing', async () => {
    await deployed('1.3.0');
    const messages = world.slack.messages(RELEASE_CHANNEL).length;
    const audit = world.bot.store.audit.entries().length;
    const cases: [string, string, RegExp][] = [
      ['help', APPROVER, /Usage[\s\S]*rollback[\s\S]*unpin/],
      ['', DEVELOPER, /Usage/],
      ['connector-nope 1.0.0', APPROVER, /No build of \*connector-nope\* has been announced/],
      ['connector-foo 9.9.9', APPROVER, /No build of \*connector-foo\* `9.9.9`.*Known versions: `1.3.0`/],
      ['connector-foo 1.4', APPROVER, /`1.4` is not a version[\s\S]*Usage/],
      ['connector-foo latest', APPROVER, /`latest` is not a version/],
      ['widget 1.0.0', APPROVER, /`widget` is not a connector/],
      ['connector-foo 1.3.0 now', APPROVER, /`now` is not expected/],
      ['connector-foo', APPROVER, /Say what to deploy/],
      ['connector-foo 1.3.0', DEVELOPER, /Only release approvers/],
      ['connector-foo rollback', DEVELOPER, /Only release approvers/],
    ];
    for (const [text, user, expected] of cases) expect(await deploy(text, user), `/deploy ${text}`).toMatch(expected);
    expect(infra.puts()).toHaveLength(1);
    expect(world.slack.messages(RELEASE_CHANNEL)).toHaveLength(messages);
    expect(world.slack.messages(DEV_CHANNEL)).toHaveLength(0);
    expect(world.bot.store.rollouts.ofConnector('connector-foo')).toHaveLength(1);
    expect(world.bot.store.rollouts.pinOf('connector-foo')).toBeUndefined();
    // Only the refusals were added to the audit log.
    expect(
      world.bot.store.audit
        .entries()
        .slice(audit)
        .map((e) => `${e.actor}:${e.action}`),
    ).toEqual([`${DEVELOPER}:refused`, `${DEVELOPER}:refused`]);
  });
});

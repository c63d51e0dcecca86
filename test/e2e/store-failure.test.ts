import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPROVER, RELEASE_CHANNEL, seedWidget, startWorld, type World } from './world.js';
import { TRAIN_CONFIG, seedTrain } from './train-fixture.js';
import { FakeInfra, ROLLOUT_ENV, build, httpRolloutConfig, postBuild } from './rollout-harness.js';

/** Makes a store method throw (`times` times), as a full disk or a locked database would. */
function breakOnce<T extends object, K extends keyof T>(target: T, method: K, when: (...args: never[]) => boolean = () => true, times = 1): void {
  const original = target[method] as (...args: unknown[]) => unknown;
  let left = times;
  (target as Record<K, unknown>)[method] = (...args: unknown[]) => {
    if (left > 0 && when(...(args as never[]))) {
      left -= 1;
      throw new Error('SQLITE_IOERR: disk I/O error');
    }
    return original.apply(target, args);
  };
}

const failures = (w: World) => w.logs.filter((l) => l.includes('left to resume')).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the database failing inside background work', () => {
  let world: World;
  let unhandled: unknown[];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  beforeEach(() => {
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(async () => {
    process.off('unhandledRejection', onUnhandled);
    await world.stop();
  });

  it('a release: logged once with its id, no unhandled rejection, finished after a restart', async () => {
    world = await startWorld();
    const { before, after } = seedWidget(world.github);
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    const proposal = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /→/.test(m.text)));
    const releaseId = world.bot.store.releases.openProposal('widget', after)!.id;
    // the database is gone for the step and for recording its failure
    breakOnce(world.bot.store.releases, 'advance', ((_id: number, _from: string, to: string) => to === 'tagged' || to === 'failed') as never, 2);
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    await world.slack.waitFor(() => failures(world).length > 0);
    await world.bot.idle();
    expect(failures(world)).toEqual([expect.objectContaining({ releaseId, msg: expect.stringContaining(`release ${releaseId} failed`) })]);
    expect(world.bot.store.releases.get(releaseId)!.status).toBe('approved');
    expect(world.logs.join('\n')).not.toContain('unhandled rejection');

    await world.restart();
    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)));
    expect(world.github.tags('widget').filter((t) => t.name === 'v1.3.0')).toHaveLength(1);
    expect(unhandled).toEqual([]);
  });

  it('a release train: logged once with its id, finished once after a restart', async () => {
    world = await startWorld({ config: TRAIN_CONFIG, env: { RELEASE_BOT_CARD_INTERVAL_MS: '100' } });
    seedTrain(world.github);
    await world.slack.slashCommand({ command: '/connectors', text: 'batch', userId: APPROVER, channelId: RELEASE_CHANNEL });
    const card = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /Release train/.test(m.text)), 10_000);
    breakOnce(world.bot.store.batches, 'finish');
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: card.ts, actionId: 'batch_approve', userId: APPROVER });
    await world.slack.waitFor(() => failures(world).length > 0, 20_000);
    await world.bot.idle();
    const logged = failures(world);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ batchId: expect.any(Number) });

    await world.restart();
    await world.slack.waitFor(() => world.slack.replies(RELEASE_CHANNEL, card.ts).find((m) => /is done/.test(m.text)), 30_000);
    await world.bot.idle();
    expect(world.bot.store.batches.get(logged[0]!.batchId as number)!.status).toBe('done');
    expect(unhandled).toEqual([]);
  });

  it('a delivery: logged once with its id, handled after a restart', async () => {
    world = await startWorld();
    const { before, after } = seedWidget(world.github);
    breakOnce(world.bot.store.deliveries, 'finish');
    const id = 'store-failure-delivery';
    await world.webhook('push', world.github.pushPayload('widget', { before, after }), { id });
    await world.bot.idle();
    expect(failures(world)).toEqual([expect.objectContaining({ deliveryId: id })]);
    await world.restart();
    await world.bot.idle();
    expect(world.bot.store.deliveries.get(id)!.status).toBe('processed');
    expect(unhandled).toEqual([]);
  });

  it('a rollout started from Slack: logged once with its id, deployed once after a restart', async () => {
    const infra = await FakeInfra.start();
    try {
      world = await startWorld({ config: httpRolloutConfig(infra.url, { requireApproval: true }), env: ROLLOUT_ENV });
      expect((await postBuild(world.bot.port, build('1.4.0'))).status).toBe(202);
      const own = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /Rollout of connector-foo/.test(m.text)));
      await world.bot.idle();
      // the database is gone when the deployer's answer is to be recorded
      breakOnce(world.bot.store.rollouts, 'finish');
      await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: own.ts, actionId: 'rollout_deploy', userId: APPROVER });
      await world.slack.waitFor(() => failures(world).length > 0);
      await world.bot.idle();
      const logged = failures(world);
      expect(logged).toEqual([expect.objectContaining({ rolloutId: expect.any(Number) })]);
      expect(world.bot.store.rollouts.get(logged[0]!.rolloutId as number)!.status).toBe('deploying');

      await world.restart();
      await world.slack.waitFor(() => world.slack.replies(RELEASE_CHANNEL, own.ts).find((m) => /Deployed/.test(m.text)), 20_000);
      expect(world.bot.store.rollouts.get(logged[0]!.rolloutId as number)!.status).toBe('deployed');
      // the unrecorded request is made again on restart, once: deployers are safe to repeat
      expect(infra.puts()).toHaveLength(2);
      expect(unhandled).toEqual([]);
    } finally {
      await infra.stop();
    }
  });
});

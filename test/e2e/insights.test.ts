import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { seedHistory } from '../../src/sandbox/seed-history.js';
import { DEV_CHANNEL, DEVELOPER, RELEASE_CHANNEL, allText, startWorld, type World } from './world.js';

const CONNECTORS = 250;

/** Writes the sandbox's history into the bot's database through a second connection with its own clock. */
function seedBotHistory(world: World, now = new Date()): void {
  let t = now;
  const store = openStore(world.env.DATABASE_PATH!, () => t);
  seedHistory(store, (at) => (t = at), now);
  store.close();
}

describe('insights', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
    world.github.createRepo('widget');
    world.github.commit('widget', 'feat: first');
  });
  afterEach(async () => {
    await world.stop();
  });

  const command = (name: string, text: string) => world.slack.slashCommand({ command: name, text, userId: DEVELOPER, channelId: DEV_CHANNEL });
  const lastEphemeral = () => world.slack.waitFor(() => world.slack.ephemerals({ userId: DEVELOPER }).at(-1));

  it('/release stats says nothing was released by the bot yet, rather than zeros', async () => {
    await command('/release', 'stats');
    expect((await lastEphemeral()).text).toMatch(/^Nothing released by the bot yet for every repository/);
    expect(world.slack.messages(DEV_CHANNEL)).toHaveLength(0);
  });

  it('/release stats shows the DORA figures in the channel, from the records', async () => {
    seedBotHistory(world);
    await command('/release', 'stats');
    const message = await world.slack.waitFor(() => world.slack.messages(DEV_CHANNEL).at(-1));
    const text = allText(message);
    expect(text).toContain('Delivery stats: 30 days');
    expect(text).toMatch(/Deployment frequency\*: 1\.4 releases and 0\.7 rollouts a week \(6 and 3\)/);
    expect(text).toContain('Change failure rate*: 50% (2 of 4 rollouts rolled back or failed)');
    expect(text).toContain("From the bot's own records since");

    await command('/release', 'stats connector-hubspot --days 7 --private');
    const mine = await lastEphemeral();
    expect(allText(mine)).toContain('*connector-hubspot*');
    expect(world.slack.messages(DEV_CHANNEL)).toHaveLength(1);
  });

  it.each([
    ['stats --days 0', /`--days` takes a whole number of days from 1 to 365, not `0`/],
    ['stats --days 10000', /not `10000`/],
    ['stats --days abc', /not `abc`/],
    ['stats gadget', /\*gadget\* is not a repository of acme/],
  ])('/release %s answers privately with the usage', async (text, error) => {
    seedBotHistory(world);
    await command('/release', text);
    const answer = await lastEphemeral();
    expect(answer.text).toMatch(error);
    expect(answer.text).toContain('*Usage*');
    expect(world.slack.messages(DEV_CHANNEL)).toHaveLength(0);
  });

  it(`/connectors status lists the connectors that drift among ${CONNECTORS}, farthest first, in a few GraphQL requests`, async () => {
    for (let i = 0; i < CONNECTORS; i++) {
      const name = `connector-n${String(i).padStart(3, '0')}`;
      world.github.createRepo(name);
      world.github.commit(name, 'feat: first');
      world.github.tag(name, '1.0.0');
      if (i % 10 === 0) world.github.commit(name, 'fix: ahead of the tag');
    }
    for (const name of ['connector-hubspot', 'connector-jira']) {
      world.github.createRepo(name);
      world.github.commit(name, 'feat: first');
      world.github.tag(name, '0.9.0');
    }
    seedBotHistory(world);
    world.github.resetStats();

    await command('/connectors', 'status');
    const pages = await world.slack.waitFor(() => {
      const m = world.slack.messages(DEV_CHANNEL);
      return m.length > 0 ? m : undefined;
    });
    await world.bot.idle();
    const text = allText(pages[0]!);
    expect(text).toContain(`26 of ${CONNECTORS + 2} connectors drift; ${CONNECTORS + 2 - 26} in sync`);
    // hubspot: 0.9.0 tagged, rolled back to 0.8.1 and pinned: the farthest
    const first = text.split('\n').find((l) => l.startsWith('• '))!;
    expect(first).toMatch(/connector-hubspot.*`0\.9\.0` · :warning: production `0\.8\.1`.*:pushpin: pinned 2 d .* by <@U0ONCALL>/);
    expect(text).toMatch(/connector-n000.*1 commit on main since the tag/);
    expect(text).not.toContain('connector-jira|');
    // one GraphQL page per 100 repositories of the organisation (253 here), nothing else
    expect(world.github.stats.requests.map((r) => r.path)).toEqual(Array(3).fill('/api/graphql'));
  });
});

describe('the weekly digest', () => {
  it('is posted to the release channel once, across a restart in the scheduled minute', async () => {
    let now = new Date('2026-03-30T07:00:30Z'); // Monday 09:00:30 in Berlin
    const world = await startWorld({
      config: 'approvers: [S0RELEASERS]\ndigest: { weekly: "mon 09:00", timezone: Europe/Berlin }\n',
      now: () => now,
    });
    try {
      seedBotHistory(world, now);
      await world.restart();
      await world.bot.idle();
      const digests = () => world.slack.messages(RELEASE_CHANNEL).filter((m) => m.text.startsWith('Weekly digest 2026-W14'));
      await world.slack.waitFor(() => digests()[0]);
      now = new Date('2026-03-30T07:00:50Z');
      await world.restart();
      await world.bot.idle();
      expect(digests()).toHaveLength(1);
      expect(allText(digests()[0]!)).toContain('Delivery stats: 7 days');
      // the seeded history reads as told long ago: nothing of it is resumed or posted again
      expect(world.logs.filter((l) => l.includes('resuming unfinished rollouts'))).toEqual([]);
    } finally {
      await world.stop();
    }
  });
});

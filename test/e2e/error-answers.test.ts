import { afterEach, describe, expect, it } from 'vitest';
import { APPROVER, DEV_CHANNEL, DEVELOPER, RELEASE_CHANNEL, seedWidget, startWorld, type World } from './world.js';

const FAST = { requestBaseMs: 5, step: { baseMs: 20, maxMs: 100, forMs: 1500 } };

describe('a slash command whose use case throws', () => {
  let world: World;
  afterEach(async () => {
    await world.stop();
  });

  async function releaseWidgetWhileGitHubAnswers(status: number, body: unknown) {
    world = await startWorld({ githubRetry: FAST });
    seedWidget(world.github);
    world.github.failNext({ path: /^\/repos\/acme\/widget/ }, { status, body }, 1000);
    const res = await world.slack.slashCommand({ command: '/release', text: 'widget', userId: DEVELOPER, channelId: DEV_CHANNEL });
    expect(res.acked).toBe(true);
    return world.slack.waitFor(() => world.slack.ephemerals({ userId: DEVELOPER }).find((m) => m.text.startsWith(':x:')));
  }

  it('answers a 401 from GitHub with what to check, not the exception', async () => {
    const answer = await releaseWidgetWhileGitHubAnswers(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    expect(answer.text).toBe(
      ":x: Could not propose a release of widget: GitHub refused the bot's credentials (401). Check GITHUB_TOKEN: it may be mistyped, expired or revoked. Put a valid token in the bot's environment and restart it. With a GitHub App (GITHUB_APP_ID), check that the App is still installed on the organisation and its key was not revoked.",
    );
    expect(answer.text).not.toContain('Bad credentials');
    expect(answer.text).not.toContain('docs.github.com');
    expect(world.slack.messages(DEV_CHANNEL)).toHaveLength(0);
    // logged once, with the command and the raw error for whoever runs the bot
    const logged = world.logs.filter((l) => l.includes('/release failed'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('Bad credentials');
  });

  it('answers GitHub staying down with an outage, not a status page dump', async () => {
    const answer = await releaseWidgetWhileGitHubAnswers(503, { message: 'upstream connect error or disconnect/reset before headers' });
    // the emulator serves GitHub Enterprise's /api/v3 prefix
    expect(answer.text).toMatch(
      /^:x: Could not propose a release of widget: GitHub did not answer \(503, GET (\/api\/v3)?\/repos\/acme\/widget\)\. Try again in a few minutes/,
    );
    expect(answer.text).not.toContain('upstream connect error');
  });
});

describe('a click whose use case throws', () => {
  let world: World;
  afterEach(async () => {
    await world.stop();
  });

  it('answers the person privately with the catalogue, logs the error once, and leaves the proposal open', async () => {
    world = await startWorld();
    const { before, after } = seedWidget(world.github);
    await world.webhook('push', world.github.pushPayload('widget', { before, after }));
    const proposal = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /→/.test(m.text)));
    const releases = world.bot.store.releases;
    const approve = releases.approve.bind(releases);
    let broken = true;
    releases.approve = (...args: Parameters<typeof approve>) => {
      if (broken) {
        broken = false;
        throw new Error('SQLITE_FULL: database or disk is full');
      }
      return approve(...args);
    };
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    const answer = await world.slack.waitFor(() => world.slack.ephemerals({ userId: APPROVER }).find((m) => m.text.startsWith(':x:')));
    expect(answer.text).toMatch(/^:x: Could not approve a release: /);
    expect(answer.text).not.toContain('SQLITE_FULL');
    expect(world.logs.filter((l) => l.includes('a click failed') && l.includes('SQLITE_FULL'))).toHaveLength(1);
    expect(releases.get(releases.openProposal('widget', after)!.id)!.status).toBe('proposed');
    // the next click goes through
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: APPROVER });
    await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)));
  });
});

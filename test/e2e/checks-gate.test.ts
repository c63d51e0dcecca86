import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookEvent } from '../../src/sandbox/github/github-emulator.js';
import { APPROVER, GROUP_MEMBER, RELEASE_CHANNEL, allText, seedWidget, startWorld, type World } from './world.js';
import { TRAIN_CONFIG, expectedVersion, seedTrain } from './train-fixture.js';

/** widget's releases need green checks (DESIGN.md §5: approved ─(checks green)─▶ tagged). */
const CONFIG = `
approvers: [S0RELEASERS]
policies:
  - { repos: [widget], requireChecks: true }
`;
const E2E_URL = 'https://ci.example/acme/widget/runs/e2e';
const LINT_URL = 'https://ci.example/acme/widget/runs/lint';

describe('the checks gate (requireChecks), end to end', () => {
  let world: World;
  afterEach(async () => {
    await world.stop();
  });

  const deliver = async (w: World, events: WebhookEvent[]) => {
    for (const e of events) expect((await w.webhook(e.event, e.payload)).status).toBe(202);
  };
  /** widget pushed, with a green build status and an e2e run still going; the proposal as posted. */
  const propose = async (w: World) => {
    const { before, after } = seedWidget(w.github);
    w.github.ci.setStatus('widget', after, { context: 'ci/build', state: 'success', targetUrl: 'https://ci.example/build' });
    const e2e = w.github.ci.createCheckRun('widget', after, { name: 'e2e', status: 'in_progress', detailsUrl: E2E_URL });
    expect((await w.webhook('push', w.github.pushPayload('widget', { before, after }))).status).toBe(202);
    const proposal = await w.slack.waitFor(() => w.slack.messages(RELEASE_CHANNEL).find((m) => /→/.test(m.text)));
    return { proposal, sha: after, e2e: e2e.id };
  };
  const approve = (w: World, ts: string) => w.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: ts, actionId: 'release_approve', userId: APPROVER });
  const thread = (w: World, ts: string) =>
    w.slack
      .replies(RELEASE_CHANNEL, ts)
      .map((m) => m.text)
      .join('\n');
  const threadSays = (w: World, ts: string, pattern: RegExp) => w.slack.waitFor(() => w.slack.replies(RELEASE_CHANNEL, ts).find((m) => pattern.test(m.text)));
  const released = (w: World) => w.slack.waitFor(() => w.slack.messages(RELEASE_CHANNEL).find((m) => /is released/.test(m.text)), 10_000);
  const audit = (w: World) => w.bot.store.audit.entries({ subjectType: 'release', subjectId: '1' }).map((e) => `${e.actor}:${e.action}`);

  it('shows the CI state on the proposal, waits while a check runs, and releases by itself when its webhook says it passed', async () => {
    world = await startWorld({ config: CONFIG, env: { RELEASE_BOT_CHECKS_POLL_MS: '600000' } });
    const { proposal, sha, e2e } = await propose(world);
    const shown = allText(proposal);
    expect(shown).toContain(':white_check_mark: 1 passed');
    expect(shown).toContain(`:hourglass_flowing_sand: 1 running (<${E2E_URL}|e2e>)`);

    await approve(world, proposal.ts);
    const waits = await threadSays(world, proposal.ts, /waits for the checks/);
    expect(waits.text).toContain(`<${E2E_URL}|e2e>`);
    await world.bot.idle();
    expect(world.bot.store.releases.get(1)?.status).toBe('approved');
    expect(allText(world.slack.message(RELEASE_CHANNEL, proposal.ts)!)).toContain('waiting for the checks');
    expect(world.github.tags('widget').map((t) => t.name)).not.toContain('v1.3.0');

    // a check_run for another commit wakes nothing
    const other = world.github.ci.createCheckRun('widget', world.github.commitsOf('widget')[1]!.sha, { name: 'lint', conclusion: 'success' });
    await deliver(world, other.events);
    await world.bot.idle();
    expect(world.bot.store.releases.get(1)?.status).toBe('approved');

    world.github.resetStats();
    const t0 = performance.now();
    await deliver(world, world.github.ci.completeCheckRun('widget', e2e, 'success'));
    await released(world);
    const gateReads = world.github.stats.requests.filter((r) => /\/(status|check-runs)(\?|$)/.test(r.path)).length;
    console.info(`[figures] check webhook → release notice ${(performance.now() - t0).toFixed(0)} ms; checks read again with ${gateReads} GitHub requests`);
    expect(gateReads).toBe(2);
    expect(world.github.tags('widget').find((t) => t.name === 'v1.3.0')?.sha).toBe(sha);
    expect(thread(world, proposal.ts)).toMatch(/checks of `\w{7}` passed: tagging `v1.3.0`/);
    expect(thread(world, proposal.ts).match(/waits for the checks/g)).toHaveLength(1);
    await world.bot.idle();
    expect(audit(world)).toEqual(['github:propose', `${APPROVER}:approved`, 'bot:checks-wait', 'bot:checks-go', 'bot:tagged', 'bot:published', 'bot:notified']);
    expect(allText(world.slack.message(RELEASE_CHANNEL, proposal.ts)!)).toContain(':white_check_mark: 2 passed');
  });

  it('goes on at the slow poll when no webhook comes, and waiting survives a restart', async () => {
    world = await startWorld({ config: CONFIG, env: { RELEASE_BOT_CHECKS_POLL_MS: '300' } });
    const { proposal, e2e } = await propose(world);
    await approve(world, proposal.ts);
    await threadSays(world, proposal.ts, /waits for the checks/);
    await world.restart();
    // resumed: still waiting, and not told twice
    await new Promise((r) => setTimeout(r, 700));
    expect(world.bot.store.releases.get(1)?.status).toBe('approved');
    world.github.ci.completeCheckRun('widget', e2e, 'neutral'); // nobody delivers the webhook
    await released(world);
    expect(thread(world, proposal.ts).match(/waits for the checks/g)).toHaveLength(1);
  });

  it('does not start on red: no tag, the thread names the failing check with its link; Retry reads the checks again', async () => {
    world = await startWorld({ config: CONFIG });
    const { proposal, sha, e2e } = await propose(world);
    const lint = world.github.ci.createCheckRun('widget', sha, { name: 'lint', detailsUrl: LINT_URL });
    world.github.ci.completeCheckRun('widget', lint.id, 'failure');
    world.github.resetStats();
    await approve(world, proposal.ts);
    const failed = await threadSays(world, proposal.ts, /failed/);
    expect(failed.text).toContain('checks failed');
    expect(failed.text).toContain(`lint (${LINT_URL})`);
    expect(failed.text).not.toContain('e2e');
    await world.bot.idle();
    expect(world.bot.store.releases.get(1)?.status).toBe('failed');
    expect(world.github.stats.writes).toBe(0);
    expect(world.github.tags('widget').map((t) => t.name)).not.toContain('v1.3.0');
    const parent = allText(world.slack.message(RELEASE_CHANNEL, proposal.ts)!);
    expect(parent).toContain(`:x: <${LINT_URL}|lint> failed`);
    expect(audit(world)).toContain('bot:checks-block');

    // lint re-run green, e2e done: Retry reads them again and releases
    world.github.ci.createCheckRun('widget', sha, { name: 'lint', conclusion: 'success', detailsUrl: LINT_URL });
    world.github.ci.completeCheckRun('widget', e2e, 'success');
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_retry', userId: APPROVER });
    await released(world);
    expect(world.github.tags('widget').find((t) => t.name === 'v1.3.0')?.sha).toBe(sha);
  });

  it('lets break-glass release past red checks through the modal: the reason in the thread and the audit, the tag on the proposed commit', async () => {
    world = await startWorld({ config: `${CONFIG}breakGlass: [${GROUP_MEMBER}]\n` });
    const { proposal, sha } = await propose(world);
    const lint = world.github.ci.createCheckRun('widget', sha, { name: 'lint', detailsUrl: LINT_URL });
    world.github.ci.completeCheckRun('widget', lint.id, 'failure');
    await approve(world, proposal.ts);
    await threadSays(world, proposal.ts, /checks failed/);
    await world.bot.idle();
    const failed = world.slack.message(RELEASE_CHANNEL, proposal.ts)!;
    expect(JSON.stringify(failed.blocks)).toContain('release_anyway');

    // an approver who is not in breakGlass is refused, privately
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_anyway', userId: APPROVER });
    await world.slack.waitFor(() => world.slack.ephemerals({ userId: APPROVER }).find((m) => /breakGlass/.test(m.text)));
    expect(world.slack.openViews(APPROVER)).toHaveLength(0);

    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_anyway', userId: GROUP_MEMBER });
    await world.slack.waitFor(() => (world.slack.openViews(GROUP_MEMBER).length ? true : undefined));
    await world.slack.submitView({ userId: GROUP_MEMBER, values: { reason: 'lint is broken on main, the fix is the release' } });

    await released(world);
    expect(world.github.tags('widget').find((t) => t.name === 'v1.3.0')?.sha).toBe(sha);
    expect(thread(world, proposal.ts)).toMatch(
      new RegExp(`<@${GROUP_MEMBER}> released this anyway, past the checks: lint is broken on main, the fix is the release`),
    );
    await world.bot.idle();
    expect(world.bot.store.releases.get(1)?.bypasses).toMatchObject([{ by: GROUP_MEMBER, what: ['checks'] }]);
    const entries = world.bot.store.audit.entries({ subjectType: 'release', subjectId: '1' });
    expect(entries.find((e) => e.action === 'break-glass')).toMatchObject({
      actor: GROUP_MEMBER,
      reason: 'bypassed checks: lint is broken on main, the fix is the release',
    });
    expect(entries.find((e) => e.action === 'checks-go')?.reason).toMatch(new RegExp(`checks bypassed by ${GROUP_MEMBER}: lint is broken`));
  });

  it('gates each connector of a release train by its own checks: a red one is left out with the reason, the others release', async () => {
    world = await startWorld({ config: `${TRAIN_CONFIG}policies:\n  - { repos: [connector-*], requireChecks: true }\n` });
    const { releasable } = seedTrain(world.github, { releasable: 4 });
    for (const [name, head] of releasable) world.github.ci.setStatus(name, head, { context: 'ci', state: 'success' });
    const red = 'connector-r02';
    const lint = world.github.ci.createCheckRun(red, releasable.get(red)!, { name: 'lint', detailsUrl: 'https://ci.example/r02/lint' });
    world.github.ci.completeCheckRun(red, lint.id, 'failure');
    world.github.resetStats();
    await world.slack.slashCommand({ command: '/connectors', text: 'batch', userId: APPROVER, channelId: RELEASE_CHANNEL });
    const card = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /Release train/.test(m.text)));
    // the card shows each head's CI state, read in the same GraphQL request as the rest
    expect(allText(card)).toContain(':x: <https://ci.example/r02/lint|lint> failed');
    expect(allText(card)).toContain(':white_check_mark: 1 passed');
    expect(world.github.stats.graphql).toBe(1);
    world.github.resetStats();
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: card.ts, actionId: 'batch_approve', userId: APPROVER });
    const summary = await world.slack.waitFor(() => world.slack.replies(RELEASE_CHANNEL, card.ts).find((m) => /is done/.test(m.text)), 20_000);
    expect(summary.text).toContain('3 released, 1 failed');
    expect(allText(summary)).toContain('lint (https://ci.example/r02/lint)');
    for (const [name] of releasable) {
      const tags = world.github.releases(name).map((r) => r.tag_name);
      expect(tags, name).toEqual(name === red ? [] : [expectedVersion(name)]);
    }
    // the checks rode in the train's GraphQL sweeps: no REST read per connector
    expect(world.github.stats.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v3'))).toEqual([]);
    await world.bot.idle();
    const failedRow = world.bot.store.releases.inBatch(1).find((m) => m.repo === red)!;
    expect(failedRow.status).toBe('failed');
    expect(world.bot.store.audit.entries({ subjectType: 'release', subjectId: String(failedRow.id) }).map((e) => e.action)).toContain('checks-block');
  });

  it('holds a pending connector while the others release, and carries it on when its checks turn green', async () => {
    world = await startWorld({
      config: `${TRAIN_CONFIG}policies:\n  - { repos: [connector-*], requireChecks: true }\n`,
      env: { RELEASE_BOT_CHECKS_POLL_MS: '600000' },
    });
    const { releasable } = seedTrain(world.github, { releasable: 3 });
    for (const [name, head] of releasable) world.github.ci.setStatus(name, head, { context: 'ci', state: 'success' });
    const slow = 'connector-r03';
    const e2e = world.github.ci.createCheckRun(slow, releasable.get(slow)!, { name: 'e2e', status: 'in_progress' });
    await world.slack.slashCommand({ command: '/connectors', text: 'batch', userId: APPROVER, channelId: RELEASE_CHANNEL });
    const card = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /Release train/.test(m.text)));
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: card.ts, actionId: 'batch_approve', userId: APPROVER });
    await world.slack.waitFor(() => {
      const m = world.slack.message(RELEASE_CHANNEL, card.ts);
      return m && /waiting for its checks/.test(allText(m)) && /2 released/.test(m.text) ? m : undefined;
    }, 10_000);
    expect(world.github.releases(slow)).toEqual([]);
    await deliver(world, world.github.ci.completeCheckRun(slow, e2e.id, 'success'));
    const summary = await world.slack.waitFor(() => world.slack.replies(RELEASE_CHANNEL, card.ts).find((m) => /is done/.test(m.text)), 10_000);
    expect(summary.text).toContain('3 released, 0 failed');
    expect(world.github.releases(slow).map((r) => r.tag_name)).toEqual([expectedVersion(slow)]);
  });
});

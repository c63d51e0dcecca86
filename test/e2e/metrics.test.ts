import { afterEach, describe, expect, it } from 'vitest';
import { APPROVER, DEV_CHANNEL, DEVELOPER, RELEASE_CHANNEL, allText, seedWidget, startWorld, type World } from './world.js';
import { FAST_RETRY, FakeInfra, ROLLOUT_ENV, build, httpRolloutConfig, postBuild, releaseConnector } from './rollout-harness.js';
import { parsePrometheusText, value, type Family } from './prometheus-text.js';

const METRICS_TOKEN = 'metrics-token-7c41e0d2';

describe('GET /metrics', () => {
  let world: World;
  let infra: FakeInfra;
  afterEach(async () => {
    await world?.stop();
    await infra?.stop();
  });

  const scrape = (headers: Record<string, string> = { authorization: `Bearer ${METRICS_TOKEN}` }) =>
    fetch(`http://127.0.0.1:${world.bot.port}/metrics`, { headers });

  it('counts a release, a refused click and a failed rollout, in Prometheus text that parses', async () => {
    infra = await FakeInfra.start();
    world = await startWorld({
      config: httpRolloutConfig(infra.url),
      env: { ...ROLLOUT_ENV, METRICS_TOKEN },
      deployRetry: FAST_RETRY,
      outboxBackoff: { baseMs: 20, maxMs: 100 },
      githubRetry: { requestBaseMs: 10 },
    });
    // Slack fails one post and GitHub one release creation: both retried, both counted.
    world.slack.failNext('chat.postMessage', { error: 'internal_error' });
    world.github.failNext({ method: 'POST', path: /\/releases$/ }, { status: 502, body: { message: 'Bad Gateway' } });
    // A forged delivery: refused, and its event header is not believed.
    expect((await world.webhook('push', { zen: 'forged' }, { secret: 'not-the-secret' })).status).toBe(401);

    const releaseTs = await releaseConnector(world);
    // The rollout of the build fails (the infrastructure answers 500 to every attempt)…
    infra.script = [500, 500, 500, 500];
    expect((await postBuild(world.bot.port, build('1.4.0'))).status).toBe(202);
    await world.slack.waitFor(() => /Failed/.test(world.slack.replies(RELEASE_CHANNEL, releaseTs).map(allText).join('\n')));
    // …and a developer, who is no approver, clicks Retry.
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: releaseTs, actionId: 'rollout_retry', userId: DEVELOPER });
    await world.slack.waitFor(() => world.slack.ephemerals({ userId: DEVELOPER }).at(-1));
    await world.bot.idle();

    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusText(await res.text());
    const v = (name: string, labels: Record<string, string> = {}) => value(families, name, labels);

    expect(families.get('release_bot_releases_total')?.type).toBe('counter');
    expect(v('release_bot_releases_total', { status: 'released' })).toBe(1);
    expect(v('release_bot_releases_total', { status: 'failed' })).toBe(0);
    expect(v('release_bot_release_duration_seconds_count')).toBe(1);
    const approvedToNotice = v('release_bot_release_duration_seconds_sum');
    expect(approvedToNotice).toBeGreaterThan(0);
    expect(approvedToNotice).toBeLessThan(30);

    expect(v('release_bot_refusals_total', { subject: 'rollout', action: 'retry' })).toBe(1);
    expect(samples(families.get('release_bot_refusals_total'))).toHaveLength(1);
    expect(v('release_bot_rollouts_total', { status: 'failed' })).toBe(1);
    expect(v('release_bot_rollouts_total', { status: 'deployed' })).toBe(0);

    expect(v('release_bot_webhook_deliveries_total', { event: 'push', outcome: 'accepted' })).toBe(1);
    expect(v('release_bot_webhook_deliveries_total', { event: 'unverified', outcome: 'unauthorized' })).toBe(1);
    expect(v('release_bot_webhook_deliveries_total', { event: 'build', outcome: 'accepted' })).toBe(1);

    // Every request GitHub answered, attempt by attempt, is counted under its method and status.
    const answered = new Map<string, number>();
    for (const r of world.github.stats.requests) answered.set(`${r.method} ${r.status}`, (answered.get(`${r.method} ${r.status}`) ?? 0) + 1);
    const counted = new Map(samples(families.get('release_bot_github_requests_total')).map((s) => [`${s.labels.method} ${s.labels.status}`, s.value]));
    expect(counted).toEqual(answered);
    expect(counted.get('POST 502')).toBe(1);
    const core = world.github.stats.requests.filter((r) => r.path !== '/api/graphql').length;
    // a token's hourly limit (5,000), less what the bot spent on REST
    expect(v('release_bot_github_rate_limit_remaining', { resource: 'core' })).toBe(5_000 - core);

    expect(v('release_bot_slack_errors_total', { method: 'chat.postMessage', error: 'internal_error' })).toBe(1);
    expect(v('release_bot_outbox_pending')).toBe(0);
    // prom-client's default process metrics
    expect(families.get('process_cpu_user_seconds_total')?.type).toBe('counter');
    expect(v('process_resident_memory_bytes')).toBeGreaterThan(0);
    // Low cardinality: no SHA, user, repository or version in any label of ours.
    const ours = [...families.values()].filter((f) => f.name.startsWith('release_bot_')).flatMap(samples);
    const labelValues = ours.flatMap((s) => Object.values(s.labels)).join(' ');
    expect(labelValues).not.toMatch(/[0-9a-f]{7,}|U0|connector-foo|1\.4\.0/);
  });

  it('answers 401 without the METRICS_TOKEN, and counts what happens after the bot started only', async () => {
    world = await startWorld({ env: { METRICS_TOKEN } });
    expect((await scrape({})).status).toBe(401);
    expect((await scrape({ authorization: 'Bearer not-the-token' })).status).toBe(401);
    expect((await scrape({ authorization: `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}` })).status).toBe(401);
    const refused = await scrape({});
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(await refused.text()).not.toContain(METRICS_TOKEN);

    // A release refused to a developer, then a restart: the new process starts its counters at zero.
    world.github.createRepo('widget');
    world.github.commit('widget', 'feat: first');
    await world.slack.slashCommand({ command: '/release', text: 'widget', userId: APPROVER, channelId: RELEASE_CHANNEL });
    const proposal = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /widget/.test(m.text)));
    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: proposal.ts, actionId: 'release_approve', userId: DEVELOPER });
    await world.bot.idle();
    const before = parsePrometheusText(await (await scrape()).text());
    expect(value(before, 'release_bot_refusals_total', { subject: 'release', action: 'approve' })).toBe(1);
    await world.restart();
    const after = parsePrometheusText(await (await scrape()).text());
    expect(value(after, 'release_bot_refusals_total', { subject: 'release', action: 'approve' })).toBe(0);
  });

  it("counts an answer Slack refused on a command's response_url, which Bolt's respond() throws", async () => {
    // A response_url that lives 1 ms: the dry run's answer comes later, and Slack says expired_url.
    world = await startWorld({ slack: { responseUrlTtlMs: 1 } });
    seedWidget(world.github);
    await world.slack.slashCommand({ command: '/release', text: 'widget --dry-run', userId: DEVELOPER, channelId: DEV_CHANNEL });
    const refused = async () =>
      value(parsePrometheusText(await (await scrape({})).text()), 'release_bot_slack_errors_total', { method: 'response_url', error: 'expired_url' });
    // The dry run's answer and then the error answer its failure led to: both refused.
    await expect.poll(refused, { timeout: 10_000 }).toBe(2);
    // Only the command's acknowledgement reached the person; no dry run.
    expect(world.slack.ephemerals({ userId: DEVELOPER, channelId: DEV_CHANNEL }).map(allText).join('\n')).not.toMatch(/Dry run/);
  });

  it('is open without METRICS_TOKEN', async () => {
    world = await startWorld();
    const res = await scrape({});
    expect(res.status).toBe(200);
    expect(parsePrometheusText(await res.text()).has('release_bot_outbox_pending')).toBe(true);
  });
});

function samples(family: Family | undefined) {
  if (!family) throw new Error('no such family');
  return family.samples;
}

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { APPROVER, DEVELOPER, GROUP_MEMBER, RELEASE_CHANNEL, allText, startWorld, type World } from './world.js';
import { BUILD_SECRET, DEPLOY_TOKEN, FAST_RETRY, FakeInfra, ROLLOUT_ENV, build, httpRolloutConfig, postBuild, releaseConnector } from './rollout-harness.js';

describe('connector image rollout with the http deployer', () => {
  let world: World;
  let infra: FakeInfra;
  const start = async (o: { requireApproval?: boolean; baseDelayMs?: number } = {}) => {
    infra = await FakeInfra.start();
    const deployRetry = { ...FAST_RETRY, baseDelayMs: o.baseDelayMs ?? FAST_RETRY.baseDelayMs };
    world = await startWorld({ config: httpRolloutConfig(infra.url, o), env: ROLLOUT_ENV, deployRetry });
  };
  afterEach(async () => {
    await world?.stop();
    await infra?.stop();
  });

  const thread = (ts: string) =>
    world.slack
      .replies(RELEASE_CHANNEL, ts)
      .map((m) => allText(m))
      .join('\n');

  it('rolls out a signed build notice and tells it in the thread of the release it belongs to', async () => {
    await start();
    const releaseTs = await releaseConnector(world);
    const t0 = performance.now();
    const res = await postBuild(world.bot.port, build('1.4.0'));
    expect(res.status).toBe(202);

    await world.slack.waitFor(() => /Deployed/.test(thread(releaseTs)));
    const deployedMs = performance.now() - t0;
    expect(infra.puts()).toHaveLength(1);
    expect(infra.puts()[0]).toMatchObject({
      path: '/api/connectors/connector-foo',
      authorization: `Bearer ${DEPLOY_TOKEN}`,
      body: { image: 'ghcr.io/acme/connector-foo:1.4.0', version: '1.4.0' },
    });
    const story = thread(releaseTs);
    expect(story).toMatch(/received from the CI build notice/);
    expect(story).toMatch(/Deploying with the http deployer/);
    expect(story).toMatch(/Deployed in \d+(\.\d)? m?s/);
    expect(story.indexOf('received')).toBeLessThan(story.indexOf('Deploying'));
    const parent = world.slack.message(RELEASE_CHANNEL, releaseTs)!;
    expect(allText(parent)).toContain('Released');
    expect(allText(parent)).toMatch(/Rollout.*\n:white_check_mark: Deployed/);
    // No message of its own: the release's thread tells it.
    expect(world.slack.messages(RELEASE_CHANNEL).filter((m) => /Rollout of/.test(m.text))).toHaveLength(0);
    await world.bot.idle();
    const audit = world.bot.store.audit.entries({ subjectType: 'rollout' }).map((e) => `${e.actor}:${e.action}`);
    expect(audit).toEqual(['ci:receive', 'bot:deploying', 'bot:deployed']);
    expect(world.logs.join('\n')).not.toContain(DEPLOY_TOKEN);
    console.info(`[figures] build notice → deployed, told in the thread: ${deployedMs.toFixed(0)} ms`);
  });

  it('keeps the rollout on the release message when the build lands while the release is still being published', async () => {
    await start();
    // CI is fast: the image is built and deployed before GitHub has answered the release's creation
    const releaseTs = await releaseConnector(world, 'connector-foo', {
      beforeApprove: (ts) =>
        world.github.onBeforeRespond(async (r) => {
          if (r.method === 'POST' && r.path.endsWith('/releases') && r.status === 201) {
            world.github.onBeforeRespond(undefined);
            expect((await postBuild(world.bot.port, build('1.4.0'))).status).toBe(202);
            await world.slack.waitFor(() => /Deployed/.test(thread(ts)));
          }
        }),
    });
    const parent = allText(world.slack.message(RELEASE_CHANNEL, releaseTs)!);
    expect(parent).toContain('Released');
    expect(parent).toMatch(/Rollout.*\n:white_check_mark: Deployed/);
  });

  it('starts its own message in the release channel for a version the bot did not release', async () => {
    await start();
    expect((await postBuild(world.bot.port, build('2.0.0', 'connector-bar'))).status).toBe(202);
    const own = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /Rollout of connector-bar 2.0.0: deployed/.test(m.text)));
    expect(allText(own)).toContain('ghcr.io/acme/connector-bar:2.0.0');
    await world.slack.waitFor(() => /Deployed/.test(thread(own.ts)));
    expect(infra.puts()).toHaveLength(1);
  });

  it('accepts the build notice exactly as the README tells CI to send it (curl + openssl)', async () => {
    await start();
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const script = /```sh\n(body=[\s\S]*?openssl dgst[\s\S]*?)```/.exec(readme)?.[1];
    expect(script).toBeDefined();
    const { stdout } = await promisify(execFile)('bash', ['-c', script!], {
      env: { PATH: process.env.PATH ?? '', BUILD_WEBHOOK_SECRET: BUILD_SECRET, RELEASE_BOT_URL: `http://127.0.0.1:${world.bot.port}` },
    });
    expect(JSON.parse(stdout)).toMatchObject({ ok: true });
    await world.bot.idle();
    expect(infra.puts().map((p) => p.body)).toEqual([{ image: 'ghcr.io/acme/connector-foo:1.4.0', version: '1.4.0' }]);
  });

  it('refuses a bad signature, bad JSON, an unknown type and missing fields, and stores and deploys nothing', async () => {
    await start();
    const port = world.bot.port;
    const wrong = await postBuild(port, build('1.4.0'), { secret: 'not-the-secret' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatch(/BUILD_WEBHOOK_SECRET/);
    expect((await postBuild(port, build('1.4.0'), { signature: null })).status).toBe(401);
    expect((await postBuild(port, build('1.4.0'), { signature: `sha256=${'0'.repeat(64)}` })).status).toBe(401);
    const notJson = await postBuild(port, null, { raw: '{"build":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatch(/not JSON/);
    const unknownType = await postBuild(port, { build: { ...build('1.4.0').build, type: 'library' } });
    expect(unknownType.status).toBe(422);
    expect(unknownType.body.error).toMatch(/"library" is not supported/);
    const missing = await postBuild(port, { build: { type: 'connector', connectorId: 'connector-foo', version: '1.4.0' } });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatch(/build\.image: required/);
    const badVersion = await postBuild(port, { build: { ...build('1.4.0').build, version: 'latest' } });
    expect(badVersion.status).toBe(422);
    expect(badVersion.body.error).toMatch(/build\.version/);
    await world.bot.idle();
    expect(world.bot.store.deliveries.count()).toBe(0);
    expect(world.bot.store.rollouts.ofConnector('connector-foo')).toHaveLength(0);
    expect(infra.requests).toHaveLength(0);
    expect(world.slack.messages(RELEASE_CHANNEL)).toHaveLength(0);
  });

  it('retries 5xx answers with backoff and is deployed on the third attempt', async () => {
    // Waits long enough to tell apart on a busy machine: the GitHub deployment's requests share the event loop.
    await start({ baseDelayMs: 150 });
    const releaseTs = await releaseConnector(world);
    infra.script = [500, 500, 200];
    await postBuild(world.bot.port, build('1.4.0'));
    await world.slack.waitFor(() => /Deployed/.test(thread(releaseTs)));
    const puts = infra.puts();
    expect(puts).toHaveLength(3);
    // Backoff: the second wait is longer than the first.
    expect(puts[2]!.at - puts[1]!.at).toBeGreaterThan(puts[1]!.at - puts[0]!.at);
    expect(thread(releaseTs)).toMatch(/Deployed in .* after 3 attempts/);
    expect(world.bot.store.rollouts.ofConnector('connector-foo')[0]).toMatchObject({ status: 'deployed', attempts: 3 });
  });

  it('fails with the reason and a Retry button for approvers when the infrastructure keeps answering 500', async () => {
    await start();
    const releaseTs = await releaseConnector(world);
    infra.script = [500, 500, 500, 500];
    await postBuild(world.bot.port, build('1.4.0'));
    await world.slack.waitFor(() => /Failed/.test(thread(releaseTs)));
    expect(infra.puts()).toHaveLength(FAST_RETRY.attempts);
    expect(thread(releaseTs)).toMatch(/Failed in .* after 4 attempts: PUT http:\/\/127\.0\.0\.1:\d+\/api\/connectors\/connector-foo answered 500/);
    const parent = world.slack.message(RELEASE_CHANNEL, releaseTs)!;
    expect(JSON.stringify(parent.blocks)).toContain('rollout_retry');

    const refused = await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: releaseTs, actionId: 'rollout_retry', userId: DEVELOPER });
    expect(refused.acked).toBe(true);
    const refusal = await world.slack.waitFor(() => world.slack.ephemerals({ userId: DEVELOPER }).at(-1));
    expect(refusal.text).toMatch(/Only release approvers/);
    await world.bot.idle();
    expect(infra.puts()).toHaveLength(FAST_RETRY.attempts);

    const click = await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: releaseTs, actionId: 'rollout_retry', userId: GROUP_MEMBER });
    expect(click.ackMs).toBeLessThan(3000);
    await world.slack.waitFor(() => /Deployed/.test(thread(releaseTs)));
    await world.bot.idle();
    expect(infra.puts()).toHaveLength(FAST_RETRY.attempts + 1);
    expect(JSON.stringify(world.slack.message(RELEASE_CHANNEL, releaseTs)!.blocks)).not.toContain('rollout_retry');
    const audit = world.bot.store.audit.entries({ subjectType: 'rollout' }).map((e) => `${e.actor}:${e.action}`);
    expect(audit).toEqual(['ci:receive', 'bot:deploying', 'bot:failed', `${DEVELOPER}:refused`, `${GROUP_MEMBER}:deploying`, 'bot:deployed']);
  });

  it('makes one rollout of the same build delivered twice, by CI and by GitHub Packages', async () => {
    await start();
    const first = await postBuild(world.bot.port, build('1.4.0'));
    expect(first.status).toBe(202);
    // The same notice again, spaced differently: a redelivery.
    const again = await postBuild(world.bot.port, null, { raw: JSON.stringify(build('1.4.0'), null, 2) });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, deliveryId: first.body.deliveryId });
    const pkg = await world.webhook('package', packagePayload('connector-foo', '1.4.0'));
    expect(pkg.status).toBe(202);
    await world.bot.idle();
    expect(infra.puts()).toHaveLength(1);
    expect(world.bot.store.rollouts.ofConnector('connector-foo')).toHaveLength(1);
    expect(world.slack.messages(RELEASE_CHANNEL).filter((m) => /Rollout of connector-foo/.test(m.text))).toHaveLength(1);
  });

  it('rolls out a container published to GitHub Packages (registry_package webhook)', async () => {
    await start();
    const res = await world.webhook('registry_package', {
      action: 'published',
      registry_package: packagePayload('connector-baz', '3.1.0').package,
      organization: { login: 'acme' },
    });
    expect(res.status).toBe(202);
    await world.bot.idle();
    expect(infra.puts().map((p) => p.body)).toEqual([{ image: 'ghcr.io/acme/connector-baz:3.1.0', version: '3.1.0' }]);
    // An untagged digest is not a build.
    const digest = packagePayload('connector-baz', '');
    await world.webhook('package', digest);
    await world.bot.idle();
    expect(infra.puts()).toHaveLength(1);
  });

  it('waits for an approver to click Deploy when rollout.requireApproval is true', async () => {
    await start({ requireApproval: true });
    await postBuild(world.bot.port, build('1.4.0'));
    const own = await world.slack.waitFor(() => world.slack.messages(RELEASE_CHANNEL).find((m) => /Rollout of connector-foo/.test(m.text)));
    await world.bot.idle();
    expect(infra.puts()).toHaveLength(0);
    expect(allText(world.slack.message(RELEASE_CHANNEL, own.ts)!)).toMatch(/Waiting for an approver/);

    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: own.ts, actionId: 'rollout_deploy', userId: DEVELOPER });
    await world.slack.waitFor(() => world.slack.ephemerals({ userId: DEVELOPER }).at(-1));
    await world.bot.idle();
    expect(infra.puts()).toHaveLength(0);

    await world.slack.clickButton({ channelId: RELEASE_CHANNEL, messageTs: own.ts, actionId: 'rollout_deploy', userId: APPROVER });
    await world.slack.waitFor(() => /Deployed/.test(thread(own.ts)));
    await world.bot.idle();
    expect(infra.puts()).toHaveLength(1);
    const parent = world.slack.message(RELEASE_CHANNEL, own.ts)!;
    expect(JSON.stringify(parent.blocks)).not.toContain('rollout_deploy');
    expect(allText(parent)).toContain(`<@${APPROVER}>`);
  });
});

/** A `package` webhook as GitHub sends it for a container pushed to ghcr.io (the fields the bot reads, and some it does not). */
function packagePayload(name: string, tag: string) {
  return {
    action: 'published',
    package: {
      id: 4242,
      name,
      namespace: 'acme',
      description: null,
      ecosystem: 'CONTAINER',
      package_type: 'container',
      html_url: `https://github.com/orgs/acme/packages/container/package/${name}`,
      owner: { login: 'acme', id: 1, type: 'Organization' },
      package_version: {
        id: 77,
        version: `sha256:${'a'.repeat(64)}`,
        name: `sha256:${'a'.repeat(64)}`,
        container_metadata: { tag: { name: tag, digest: `sha256:${'a'.repeat(64)}` }, labels: {}, manifest: {} },
        package_url: `ghcr.io/acme/${name}:${tag}`,
      },
      registry: { name: 'GitHub CONTAINER registry', type: 'CONTAINER', url: 'https://ghcr.io/acme', vendor: 'GitHub Inc' },
    },
    organization: { login: 'acme' },
    sender: { login: 'github-actions[bot]' },
  };
}

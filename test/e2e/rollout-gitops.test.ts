import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPROVER, DEV_CHANNEL, RELEASE_CHANNEL, allText, startWorld, type World } from './world.js';
import { ROLLOUT_ENV, build, postBuild, releaseConnector } from './rollout-harness.js';

const PATH = 'deploy/prod/connector-foo.yaml';
const MANIFEST = [
  '# connector-foo in production. Edited by people and by release-bot.',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: connector-foo',
  'spec:',
  '  replicas: 3',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: connector',
  '          image: "ghcr.io/acme/connector-foo:1.3.0"   # bumped on release',
  '          args: [--image-pull-policy=IfNotPresent]',
  '        - name: log-shipper',
  '          image: ghcr.io/acme/log-shipper:2.1.0',
  '',
].join('\n');

describe('the gitops deployer', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld({
      config: 'approvers: [S0RELEASERS]\nrollout:\n  deployer: gitops\n  repo: infra\n  path: deploy/prod/{connectorId}.yaml\n',
      env: ROLLOUT_ENV,
    });
    world.github.createRepo('infra');
    world.github.commit('infra', 'chore: connector-foo manifest', { files: { [PATH]: MANIFEST, 'README.md': 'infra\n' } });
  });
  afterEach(async () => {
    await world.stop();
  });

  const changedLines = (before: string, after: string) => {
    const a = before.split('\n');
    const b = after.split('\n');
    expect(b).toHaveLength(a.length);
    return a.flatMap((line, i) => (line === b[i] ? [] : [`${i + 1}: ${line} → ${b[i]}`]));
  };

  it('commits exactly the changed image line, with a message that names the release', async () => {
    const releaseTs = await releaseConnector(world);
    const commitsBefore = world.github.commitsOf('infra').length;
    expect((await postBuild(world.bot.port, build('1.4.0'))).status).toBe(202);
    await world.bot.idle();

    const after = world.github.file('infra', PATH)!;
    expect(changedLines(MANIFEST, after)).toEqual([
      '12:           image: "ghcr.io/acme/connector-foo:1.3.0"   # bumped on release →           image: "ghcr.io/acme/connector-foo:1.4.0"   # bumped on release',
    ]);
    expect(world.github.file('infra', 'README.md')).toBe('infra\n');
    const commits = world.github.commitsOf('infra');
    expect(commits).toHaveLength(commitsBefore + 1);
    expect(commits[0]!.message).toMatch(/^Deploy connector-foo 1\.4\.0\n/);
    expect(commits[0]!.message).toMatch(/Release: connector-foo 1\.4\.0 http:\/\/127\.0\.0\.1:\d+\/acme\/connector-foo\/releases\/tag\/1\.4\.0/);
    expect(commits[0]!.message).toContain('Was: ghcr.io/acme/connector-foo:1.3.0');
    const thread = world.slack
      .replies(RELEASE_CHANNEL, releaseTs)
      .map((m) => allText(m))
      .join('\n');
    expect(thread).toMatch(/Deploying with the gitops deployer/);
    expect(thread).toMatch(new RegExp(`committed ${commits[0]!.sha.slice(0, 7)} to deploy/prod/connector-foo.yaml in acme/infra`));

    // Deploying the same version again finds the file already right: nothing is committed.
    await world.slack.slashCommand({ command: '/deploy', text: 'connector-foo 1.4.0', userId: APPROVER, channelId: DEV_CHANNEL });
    await world.slack.waitFor(() => world.slack.ephemerals({ userId: APPROVER })[0]);
    await world.bot.idle();
    expect(world.github.commitsOf('infra')).toHaveLength(commitsBefore + 1);
    expect(world.bot.store.rollouts.ofConnector('connector-foo')[0]).toMatchObject({ kind: 'manual', status: 'deployed' });
    expect(world.bot.store.rollouts.ofConnector('connector-foo')[0]!.result).toMatch(/already names/);
  });

  it('reads the file again when someone changed it between the read and the write (409), keeping their change', async () => {
    let edited = false;
    world.github.onBeforeRespond(async (r) => {
      if (!edited && r.method === 'GET' && r.path.includes('/contents/deploy/prod')) {
        edited = true;
        world.github.commit('infra', 'chore: scale up', { files: { [PATH]: MANIFEST.replace('replicas: 3', 'replicas: 5') } });
      }
    });
    await postBuild(world.bot.port, build('1.4.0'));
    await world.bot.idle();
    expect(changedLines(MANIFEST, world.github.file('infra', PATH)!)).toEqual([
      '7:   replicas: 3 →   replicas: 5',
      '12:           image: "ghcr.io/acme/connector-foo:1.3.0"   # bumped on release →           image: "ghcr.io/acme/connector-foo:1.4.0"   # bumped on release',
    ]);
    expect(world.github.stats.requests.filter((r) => r.method === 'PUT' && r.status === 409)).toHaveLength(1);
    expect(world.bot.store.rollouts.ofConnector('connector-foo')[0]).toMatchObject({ status: 'deployed' });
  });

  it('fails with the reason when the connector has no file in the infrastructure repository', async () => {
    await postBuild(world.bot.port, build('2.0.0', 'connector-bar'));
    await world.bot.idle();
    const own = world.slack.messages(RELEASE_CHANNEL).find((m) => /connector-bar/.test(m.text))!;
    expect(allText(own)).toMatch(/Failed.*deploy\/prod\/connector-bar\.yaml in acme\/infra does not exist/);
    expect(JSON.stringify(own.blocks)).toContain('rollout_retry');
  });
});

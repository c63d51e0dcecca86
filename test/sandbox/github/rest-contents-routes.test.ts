import { describe, expect, it } from 'vitest';
import { failure, useEmulators } from './emulator-harness.js';

describe('GitHubEmulator contents API', () => {
  const start = useEmulators();

  it('reads a file and updates it only with the current blob sha, as a real commit', async () => {
    const { github, octokit } = await start();
    github.createRepo('infra');
    github.commit('infra', 'chore: seed', { files: { 'connectors/foo.yaml': 'image: ghcr.io/acme/foo:1.0.0\n' } });
    const path = 'connectors/foo.yaml';

    const got = await octokit.rest.repos.getContent({ owner: 'acme', repo: 'infra', path, ref: 'main' });
    const file = got.data as { type: string; encoding: string; content: string; sha: string; path: string };
    expect(file).toMatchObject({ type: 'file', encoding: 'base64', path });
    expect(Buffer.from(file.content, 'base64').toString('utf8')).toBe('image: ghcr.io/acme/foo:1.0.0\n');

    const content = Buffer.from('image: ghcr.io/acme/foo:1.1.0\n').toString('base64');
    // plugin-retry retries a 409 (it is not in its doNotRetry list): a deployer wants `retries: 0` here.
    const noRetry = { request: { retries: 0 } };
    const stale = await failure(
      octokit.rest.repos.createOrUpdateFileContents({ owner: 'acme', repo: 'infra', path, message: 'deploy', content, sha: 'a'.repeat(40), ...noRetry }),
    );
    expect(stale.status).toBe(409);
    expect(stale.data.message).toBe(`${path} does not match ${'a'.repeat(40)}`);
    const missingSha = await failure(octokit.rest.repos.createOrUpdateFileContents({ owner: 'acme', repo: 'infra', path, message: 'deploy', content }));
    expect(missingSha.status).toBe(422);
    expect(github.file('infra', path)).toBe('image: ghcr.io/acme/foo:1.0.0\n');

    const put = await octokit.rest.repos.createOrUpdateFileContents({
      owner: 'acme',
      repo: 'infra',
      path,
      message: 'deploy foo 1.1.0',
      content,
      sha: file.sha,
      branch: 'main',
    });
    expect(put.status).toBe(200);
    expect(put.data.commit).toMatchObject({ sha: github.head('infra'), message: 'deploy foo 1.1.0' });
    expect(github.file('infra', path)).toBe('image: ghcr.io/acme/foo:1.1.0\n');
    expect(github.commitsOf('infra').map((c) => c.message)).toEqual(['deploy foo 1.1.0', 'chore: seed']);

    const again = await failure(
      octokit.rest.repos.createOrUpdateFileContents({ owner: 'acme', repo: 'infra', path, message: 'deploy', content, sha: file.sha, ...noRetry }),
    );
    expect(again.status).toBe(409);
    expect(github.stats.requests.filter((r) => r.status === 409)).toHaveLength(2);
    const created = await octokit.rest.repos.createOrUpdateFileContents({
      owner: 'acme',
      repo: 'infra',
      path: 'connectors/bar.yaml',
      message: 'add bar',
      content,
    });
    expect(created.status).toBe(201);
  });

  it('answers a read with an ETag, and the same read with If-None-Match with a 304 that costs no rate limit until the file changes', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    github.commit('widget', 'chore: settings', { files: { '.github/release-bot.yml': 'tagPrefix: release-\n' } });
    const path = '.github/release-bot.yml';

    const first = await octokit.rest.repos.getContent({ owner: 'acme', repo: 'widget', path });
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^W\/"[0-9a-f]+"$/);
    expect(Number(first.headers['x-ratelimit-used'])).toBe(1);
    expect(github.rateLimitUsed()).toBe(1);

    // Octokit throws a RequestError for a 304 (it has no body to give)
    const unchanged = await failure(octokit.rest.repos.getContent({ owner: 'acme', repo: 'widget', path, headers: { 'if-none-match': etag } }));
    expect(unchanged.status).toBe(304);
    expect(github.rateLimitUsed()).toBe(1);
    // a strong form of the same validator, or one of a list, matches too (weak comparison)
    const listed = await failure(
      octokit.rest.repos.getContent({ owner: 'acme', repo: 'widget', path, headers: { 'if-none-match': `"other", ${etag.slice(2)}` } }),
    );
    expect(listed.status).toBe(304);
    expect(github.rateLimitUsed()).toBe(1);

    github.commit('widget', 'chore: new prefix', { files: { [path]: 'tagPrefix: r\n' } });
    const changed = await octokit.rest.repos.getContent({ owner: 'acme', repo: 'widget', path, headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(Buffer.from((changed.data as { content: string }).content, 'base64').toString('utf8')).toBe('tagPrefix: r\n');
    expect(github.rateLimitUsed()).toBe(2);
    expect(github.stats.requests.map((r) => r.status)).toEqual([200, 304, 304, 200]);

    const missing = await failure(octokit.rest.repos.getContent({ owner: 'acme', repo: 'widget', path: 'nope.yml', headers: { 'if-none-match': etag } }));
    expect(missing.status).toBe(404);
  });
});

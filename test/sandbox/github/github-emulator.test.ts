import { describe, expect, it } from 'vitest';
import { failure, octokitFor, status, useEmulators } from './emulator-harness.js';

describe('GitHubEmulator REST', () => {
  const start = useEmulators();

  it('answers 401 Bad credentials to a wrong token', async () => {
    const { github } = await start();
    github.createRepo('widget');
    const res = await failure(octokitFor(github, { token: 'ghp_wrong' }).rest.repos.get({ owner: 'acme', repo: 'widget' }));
    expect(res.status).toBe(401);
    expect(res.data.message).toBe('Bad credentials');
  });

  it('answers a repository like GitHub, and 404 Not Found for an unknown one', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget', { defaultBranch: 'trunk', archived: true });
    const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'widget' });
    expect(data).toMatchObject({ name: 'widget', full_name: 'acme/widget', archived: true, default_branch: 'trunk', private: false });
    expect(data.owner.login).toBe('acme');
    expect(data.html_url).toBe(`${github.webUrl}/acme/widget`);
    const missing = await failure(octokit.rest.repos.get({ owner: 'acme', repo: 'nope' }));
    expect(missing.status).toBe(404);
    expect(missing.data.message).toBe('Not Found');
  });

  it('pages tags with absolute Link URLs that octokit.paginate follows to the end', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    github.commit('widget', 'feat: start');
    for (let i = 0; i < 75; i++) github.tag('widget', `v0.${i}.0`);

    const first = await octokit.rest.repos.listTags({ owner: 'acme', repo: 'widget', per_page: 20 });
    expect(first.data).toHaveLength(20);
    const link = first.headers.link!;
    expect(link).toContain(`<${github.apiUrl}/repos/acme/widget/tags?per_page=20&page=2>; rel="next"`);
    expect(link).toContain(`<${github.apiUrl}/repos/acme/widget/tags?per_page=20&page=4>; rel="last"`);

    const all = await octokit.paginate(octokit.rest.repos.listTags, { owner: 'acme', repo: 'widget', per_page: 20 });
    expect(all).toHaveLength(75);
    expect(new Set(all.map((t) => t.name)).size).toBe(75);
    expect(all[0]!.commit.sha).toBe(github.head('widget'));
    expect(github.stats.requests.filter((r) => r.path.endsWith('/tags'))).toHaveLength(5);
  });

  it('lists tags in string order, not semver order', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    github.commit('widget', 'feat: start');
    for (const name of ['v1.2.0', 'v1.10.0', 'v1.9.0']) github.tag('widget', name);
    const { data } = await octokit.rest.repos.listTags({ owner: 'acme', repo: 'widget' });
    expect(data.map((t) => t.name)).toEqual(['v1.9.0', 'v1.2.0', 'v1.10.0']);
  });

  it('refuses an existing ref with 422 Reference already exists and never moves it', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    const first = github.commit('widget', 'feat: one');
    const second = github.commit('widget', 'feat: two');
    await octokit.rest.git.createRef({ owner: 'acme', repo: 'widget', ref: 'refs/tags/v1.0.0', sha: first });

    const again = await failure(octokit.rest.git.createRef({ owner: 'acme', repo: 'widget', ref: 'refs/tags/v1.0.0', sha: second }));
    expect(again.status).toBe(422);
    expect(again.data.message).toBe('Reference already exists');
    const unknown = await failure(octokit.rest.git.createRef({ owner: 'acme', repo: 'widget', ref: 'refs/tags/v2', sha: 'f'.repeat(40) }));
    expect(unknown.status).toBe(422);
    expect(unknown.data.message).toBe('Object does not exist');

    const { data } = await octokit.rest.git.getRef({ owner: 'acme', repo: 'widget', ref: 'tags/v1.0.0' });
    expect(data.object).toMatchObject({ type: 'commit', sha: first });
    expect(github.tags('widget')).toEqual([{ name: 'v1.0.0', sha: first }]);
  });

  it('makes an annotated tag from git/tags then git/refs, and resolves it back to the commit', async () => {
    const { github, octokit } = await start({ clock: () => new Date('2024-05-01T12:00:00.123Z') });
    github.createRepo('widget');
    const sha = github.commit('widget', 'feat: one');
    const tagObject = await octokit.rest.git.createTag({
      owner: 'acme',
      repo: 'widget',
      tag: 'v1.0.0',
      message: 'Release v1.0.0',
      object: sha,
      type: 'commit',
    });
    expect(tagObject.status).toBe(201);
    expect(tagObject.data.sha).not.toBe(sha);
    // A tag object alone is not a tag.
    expect(github.tags('widget')).toEqual([]);
    expect(status(await octokit.rest.git.getRef({ owner: 'acme', repo: 'widget', ref: 'tags/v1.0.0' }).catch((e: unknown) => e))).toBe(404);

    const ref = await octokit.rest.git.createRef({ owner: 'acme', repo: 'widget', ref: 'refs/tags/v1.0.0', sha: tagObject.data.sha });
    expect(ref.status).toBe(201);
    // Octokit sends `tags/v1.0.0` as `tags%2Fv1.0.0`; scripts and stats see the decoded path.
    github.failNext({ method: 'GET', path: '/repos/acme/widget/git/ref/tags/v1.0.0' }, { status: 503 });
    const got = await octokit.rest.git.getRef({ owner: 'acme', repo: 'widget', ref: 'tags/v1.0.0' });
    expect(got.data.object).toMatchObject({ type: 'tag', sha: tagObject.data.sha });
    const peeled = await octokit.rest.git.getTag({ owner: 'acme', repo: 'widget', tag_sha: got.data.object.sha });
    expect(peeled.data).toMatchObject({ tag: 'v1.0.0', message: 'Release v1.0.0', object: { type: 'commit', sha } });
    expect(peeled.data.tagger.date).toBe('2024-05-01T12:00:00Z');
    expect(github.tags('widget')).toEqual([{ name: 'v1.0.0', sha, tagObjectSha: tagObject.data.sha, message: 'Release v1.0.0' }]);
    expect(github.stats.requests.filter((r) => r.path === '/api/v3/repos/acme/widget/git/ref/tags/v1.0.0').map((r) => r.status)).toEqual([404, 503, 200]);
  });

  it('creates the missing tag with the first release and refuses a second release for it', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    const sha = github.commit('widget', 'feat: one');
    github.commit('widget', 'feat: two');
    const created = await octokit.rest.repos.createRelease({
      owner: 'acme',
      repo: 'widget',
      tag_name: 'v1.0.0',
      target_commitish: sha,
      name: 'v1.0.0',
      body: 'notes',
    });
    expect(created.status).toBe(201);
    expect(created.data.html_url).toBe(`${github.webUrl}/acme/widget/releases/tag/v1.0.0`);
    expect(github.tags('widget')).toEqual([{ name: 'v1.0.0', sha }]);

    const again = await failure(
      octokit.rest.repos.createRelease({ owner: 'acme', repo: 'widget', tag_name: 'v1.0.0', target_commitish: github.head('widget') }),
    );
    expect(again.status).toBe(422);
    expect(again.data.message).toBe('Validation Failed');
    expect(again.data.errors).toEqual([{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]);
    expect(github.tags('widget')).toEqual([{ name: 'v1.0.0', sha }]);
    expect(github.releases('widget')).toHaveLength(1);

    const byTag = await octokit.rest.repos.getReleaseByTag({ owner: 'acme', repo: 'widget', tag: 'v1.0.0' });
    expect(byTag.data.id).toBe(created.data.id);
    const latest = await octokit.rest.repos.getLatestRelease({ owner: 'acme', repo: 'widget' });
    expect(latest.data.tag_name).toBe('v1.0.0');
    expect(status(await octokit.rest.repos.getReleaseByTag({ owner: 'acme', repo: 'widget', tag: 'v9' }).catch((e: unknown) => e))).toBe(404);
  });

  it('takes make_latest as GitHub does: "false" leaves "Latest" where it was, a prerelease never takes it, another value is 422', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    const sha = github.commit('widget', 'feat: one');
    const repo = { owner: 'acme', repo: 'widget' };
    await octokit.rest.repos.createRelease({ ...repo, tag_name: 'v2.0.0', target_commitish: sha });
    await octokit.rest.repos.createRelease({ ...repo, tag_name: 'v1.4.1', target_commitish: sha, make_latest: 'false' });
    await octokit.rest.repos.createRelease({ ...repo, tag_name: 'v2.1.0-rc.1', target_commitish: sha, prerelease: true, make_latest: 'true' });
    expect((await octokit.rest.repos.getLatestRelease(repo)).data.tag_name).toBe('v2.0.0');
    expect(github.releases('widget').map((r) => [r.tag_name, r.make_latest, r.latest])).toEqual([
      ['v2.0.0', null, true],
      ['v1.4.1', 'false', false],
      ['v2.1.0-rc.1', 'true', false],
    ]);
    const bad = await failure(octokit.request('POST /repos/{owner}/{repo}/releases', { ...repo, tag_name: 'v3.0.0', make_latest: 'yes' as 'true' }));
    expect(bad.status).toBe(422);
    expect(bad.data.message).toContain('make_latest');
  });

  it('merges a branch back with a two-parent commit that compare and the commit list walk through', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    const base = github.commit('widget', 'feat: one');
    github.createBranch('widget', 'release/1.3', 'main');
    const fix = github.commit('widget', 'fix: on the release branch', { branch: 'release/1.3' });
    const other = github.commit('widget', 'docs: on main meanwhile');
    const merge = github.merge('widget', 'release/1.3', 'main', { ff: false });
    const repo = { owner: 'acme', repo: 'widget' };
    const { data: commit } = await octokit.rest.repos.getCommit({ ...repo, ref: merge });
    expect(commit.parents.map((p) => p.sha)).toEqual([other, fix]);
    const { data: cmp } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${merge}` });
    expect(cmp.status).toBe('ahead');
    expect(cmp.commits.map((c) => c.sha)).toEqual([fix, other, merge]);
    const { data: fromFix } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${fix}...${merge}` });
    expect(fromFix.status).toBe('ahead');
    const { data: list } = await octokit.rest.repos.listCommits({ ...repo, sha: 'main' });
    expect(list.map((c) => c.sha)).toEqual([merge, other, fix, base]);
  });

  it('keeps a draft release untagged until it is published on its target', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    const sha = github.commit('widget', 'feat: one');
    github.commit('widget', 'feat: two');
    const draft = await octokit.rest.repos.createRelease({ owner: 'acme', repo: 'widget', tag_name: 'v1.0.0', target_commitish: sha, draft: true });
    expect(draft.data.html_url).toMatch(/\/releases\/tag\/untagged-[0-9a-f]+$/);
    expect(github.tags('widget')).toEqual([]);
    expect(status(await octokit.rest.repos.getReleaseByTag({ owner: 'acme', repo: 'widget', tag: 'v1.0.0' }).catch((e: unknown) => e))).toBe(404);

    const published = await octokit.rest.repos.updateRelease({ owner: 'acme', repo: 'widget', release_id: draft.data.id, draft: false });
    expect(published.data).toMatchObject({ draft: false, html_url: `${github.webUrl}/acme/widget/releases/tag/v1.0.0` });
    expect(github.tags('widget')).toEqual([{ name: 'v1.0.0', sha }]);
  });

  it('pages the organisation repositories, newest first by default', async () => {
    const { github, octokit } = await start();
    for (let i = 0; i < 45; i++) github.createRepo(`repo-${i}`, { private: i % 3 === 0 });
    const all = await octokit.paginate(octokit.rest.repos.listForOrg, { org: 'acme', per_page: 20 });
    expect(all.map((r) => r.name)).toEqual(Array.from({ length: 45 }, (_, i) => `repo-${44 - i}`));
    const byName = await octokit.rest.repos.listForOrg({ org: 'acme', sort: 'full_name', type: 'private', per_page: 100 });
    expect(byName.data.map((r) => r.name).slice(0, 3)).toEqual(['repo-0', 'repo-12', 'repo-15']);
    expect(byName.data).toHaveLength(15);
  });

  it('generates notes from the commits since the previous tag, counted as a read', async () => {
    const { github, octokit } = await start({ writeLimit: { max: 1, windowMs: 60_000 } });
    github.createRepo('widget');
    github.commit('widget', 'feat: one');
    github.tag('widget', 'v1.0.0');
    github.commit('widget', 'fix: two\n\nlong body', { author: { name: 'Bob', email: 'bob@example.com', username: 'bob' } });
    const head = github.commit('widget', 'feat: three');
    for (let i = 0; i < 3; i++) {
      const { data } = await octokit.rest.repos.generateReleaseNotes({
        owner: 'acme',
        repo: 'widget',
        tag_name: 'v1.1.0',
        target_commitish: head,
        previous_tag_name: 'v1.0.0',
      });
      expect(data.name).toBe('v1.1.0');
      expect(data.body).toContain("## What's Changed\n* fix: two by @bob in ");
      expect(data.body).toContain('* feat: three');
      expect(data.body).not.toContain('feat: one');
      expect(data.body).toContain(`**Full Changelog**: ${github.webUrl}/acme/widget/compare/v1.0.0...v1.1.0`);
    }
    expect(github.stats).toMatchObject({ reads: 3, writes: 0, secondaryLimited: 0 });
  });

  it('compares 300 commits oldest first, 250 a page by default, paginated', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    const base = github.commit('widget', 'feat: base');
    const shas: string[] = [];
    for (let i = 1; i <= 300; i++) shas.push(github.commit('widget', `fix: change ${i}`));

    const firstPage = await octokit.rest.repos.compareCommitsWithBasehead({ owner: 'acme', repo: 'widget', basehead: `${base}...main` });
    expect(firstPage.data).toMatchObject({ status: 'ahead', ahead_by: 300, behind_by: 0, total_commits: 300 });
    expect(firstPage.data.commits).toHaveLength(250);
    expect(firstPage.headers.link).toContain('rel="next"');

    const pages: string[][] = [];
    for await (const page of octokit.paginate.iterator(octokit.rest.repos.compareCommitsWithBasehead, {
      owner: 'acme',
      repo: 'widget',
      basehead: `${base}...${shas.at(-1)}`,
      per_page: 100,
    })) {
      // paginate leaves a comparison whole (it has a `url`); its typings say otherwise.
      pages.push((page.data as unknown as { commits: { sha: string }[] }).commits.map((c) => c.sha));
    }
    expect(pages.map((p) => p.length)).toEqual([100, 100, 100]);
    expect(pages.flat()).toEqual(shas);
  });

  it('absorbs a scripted 502 with plugin-retry and counts it', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    github.failNext({ method: 'GET', path: '/repos/acme/widget' }, { status: 502 });
    const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'widget' });
    expect(data.name).toBe('widget');
    expect(github.stats.serverErrors).toBe(1);
    expect(github.stats.requests.map((r) => r.status)).toEqual([502, 200]);
  });

  it('answers writes beyond the limit with a secondary-limit 403 and retry-after that plugin-throttling waits out', async () => {
    const { github } = await start({ writeLimit: { max: 5, windowMs: 1000 } });
    const retries: number[] = [];
    const octokit = octokitFor(github, { secondaryRetries: retries });
    github.createRepo('widget');
    const sha = github.commit('widget', 'feat: one');

    const started = Date.now();
    await Promise.all(Array.from({ length: 12 }, (_, i) => octokit.rest.git.createRef({ owner: 'acme', repo: 'widget', ref: `refs/tags/t${i}`, sha })));
    expect(github.tags('widget')).toHaveLength(12);
    expect(github.stats.secondaryLimited).toBeGreaterThanOrEqual(7);
    expect(retries.length).toBe(github.stats.secondaryLimited);
    expect(retries.every((s) => s >= 1 && s <= 1)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);

    // Never more than 5 accepted writes in any second.
    const accepted = github.stats.requests.filter((r) => r.status === 201).map((r) => r.at);
    for (const t of accepted) expect(accepted.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(5);
    const limited = github.stats.requests.find((r) => r.status === 403);
    expect(limited).toBeDefined();
  });

  it('counts reads, writes and the peak of requests in flight, latency included', async () => {
    const { github, octokit } = await start({ latencyMs: 100 });
    github.createRepo('widget');
    github.commit('widget', 'feat: one');
    await Promise.all(Array.from({ length: 6 }, () => octokit.rest.repos.get({ owner: 'acme', repo: 'widget' })));
    await octokit.rest.git.createRef({ owner: 'acme', repo: 'widget', ref: 'refs/heads/next', sha: github.head('widget') });
    expect(github.stats).toMatchObject({ reads: 6, writes: 1, graphql: 0, peakConcurrency: 6 });
    github.resetStats();
    expect(github.stats).toMatchObject({ reads: 0, writes: 0, peakConcurrency: 0, requests: [] });
  });

  it('refuses writes to an archived repository with 403, not a rate limit', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    const sha = github.commit('widget', 'feat: one');
    github.setArchived('widget', true);
    const res = await failure(octokit.rest.git.createRef({ owner: 'acme', repo: 'widget', ref: 'refs/tags/v1', sha }));
    expect(res.status).toBe(403);
    expect(res.data.message).toBe('Repository was archived so is read-only.');
    expect(github.stats.secondaryLimited).toBe(0);
  });
});

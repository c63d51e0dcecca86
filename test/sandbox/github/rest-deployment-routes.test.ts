import { describe, expect, it } from 'vitest';
import { failure, useEmulators } from './emulator-harness.js';

const owner = 'acme';
const repo = 'connector-foo';

describe('GitHubEmulator deployments API', () => {
  const start = useEmulators();

  const seeded = async () => {
    const started = await start();
    started.github.createRepo(repo);
    started.github.commit(repo, 'feat: first');
    started.github.tag(repo, '1.3.0');
    started.github.commit(repo, 'feat: second');
    started.github.tag(repo, '1.4.0');
    return started;
  };

  it('creates a deployment of a tag with its payload, in production by default, and counts it as a write', async () => {
    const { github, octokit } = await seeded();
    const res = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: '1.4.0',
      auto_merge: false,
      required_contexts: [],
      payload: { image: 'ghcr.io/acme/connector-foo:1.4.0', rolloutId: 7 },
      description: 'connector-foo 1.4.0',
    });
    expect(res.status).toBe(201);
    const d = res.data as { id: number; sha: string; ref: string; environment: string; production_environment: boolean; payload: unknown; task: string };
    expect(d).toMatchObject({ ref: '1.4.0', sha: github.head(repo), environment: 'production', production_environment: true, task: 'deploy' });
    expect(d.payload).toEqual({ image: 'ghcr.io/acme/connector-foo:1.4.0', rolloutId: 7 });
    expect(github.stats.writes).toBe(1);
    const got = await octokit.rest.repos.getDeployment({ owner, repo, deployment_id: d.id });
    expect(got.data.id).toBe(d.id);
    expect((await failure(octokit.rest.repos.getDeployment({ owner, repo, deployment_id: 999 }))).status).toBe(404);
    expect(github.deployments(repo)).toMatchObject([{ id: d.id, ref: '1.4.0', state: null, statuses: [] }]);
  });

  it('answers 422 for a ref the repository does not have, and 404 for a repository that does not exist', async () => {
    const { github, octokit } = await seeded();
    const unknown = await failure(octokit.rest.repos.createDeployment({ owner, repo, ref: '9.9.9', auto_merge: false, required_contexts: [] }));
    expect(unknown.status).toBe(422);
    expect(unknown.data.message).toBe('No ref found for: 9.9.9');
    const noRepo = await failure(octokit.rest.repos.createDeployment({ owner, repo: 'connector-none', ref: '1.0.0' }));
    expect(noRepo.status).toBe(404);
    expect(github.deployments(repo)).toHaveLength(0);
  });

  it('merges the default branch into a ref behind it unless auto_merge is false, and checks required contexts', async () => {
    const { github, octokit } = await seeded();
    // The older tag is behind main: GitHub cannot merge into a tag.
    const behind = await failure(octokit.rest.repos.createDeployment({ owner, repo, ref: '1.3.0', required_contexts: [], request: { retries: 0 } }));
    expect(behind.status).toBe(409);
    expect(behind.data.message).toBe('Conflict merging main into 1.3.0.');
    github.createBranch(repo, 'topic', '1.3.0');
    const merged = await octokit.rest.repos.createDeployment({ owner, repo, ref: 'topic', required_contexts: [] });
    expect(merged.status).toBe(202);
    expect((merged.data as { message: string }).message).toBe('Auto-merged main into topic on deployment.');
    const checks = await failure(octokit.rest.repos.createDeployment({ owner, repo, ref: '1.4.0', required_contexts: ['ci/build'], request: { retries: 0 } }));
    expect(checks.status).toBe(409);
    expect(checks.data.message).toBe('Conflict: Commit status checks failed for 1.4.0.');
    expect(github.deployments(repo)).toHaveLength(0);
    const ok = await octokit.rest.repos.createDeployment({ owner, repo, ref: '1.3.0', auto_merge: false, required_contexts: [] });
    expect(ok.status).toBe(201);
  });

  it('lists deployments newest first, filtered by sha, ref, task and environment, a page at a time', async () => {
    const { github, octokit } = await seeded();
    const make = async (ref: string, environment: string, task = 'deploy') =>
      ((await octokit.rest.repos.createDeployment({ owner, repo, ref, environment, task, auto_merge: false, required_contexts: [] })).data as { id: number })
        .id;
    const a = await make('1.3.0', 'production');
    const b = await make('1.4.0', 'production');
    const c = await make('1.4.0', 'staging');
    const d = await make('1.4.0', 'production', 'deploy:migrations');
    const ids = async (q: Record<string, string>) => (await octokit.rest.repos.listDeployments({ owner, repo, ...q })).data.map((x) => x.id);
    expect(await ids({})).toEqual([d, c, b, a]);
    expect(await ids({ ref: '1.4.0', environment: 'production' })).toEqual([d, b]);
    expect(await ids({ environment: 'staging' })).toEqual([c]);
    expect(await ids({ task: 'deploy:migrations' })).toEqual([d]);
    expect(await ids({ sha: github.tags(repo).find((t) => t.name === '1.3.0')!.sha })).toEqual([a]);
    const page = await octokit.rest.repos.listDeployments({ owner, repo, per_page: 3 });
    expect(page.data).toHaveLength(3);
    expect(page.headers.link).toContain('rel="next"');
    expect((await octokit.paginate(octokit.rest.repos.listDeployments, { owner, repo, per_page: 1 })).map((x) => x.id)).toEqual([d, c, b, a]);
  });

  it('adds statuses, lists them newest first, and refuses an unknown state or a description over 140 characters', async () => {
    const { github, octokit } = await seeded();
    const id = ((await octokit.rest.repos.createDeployment({ owner, repo, ref: '1.4.0', auto_merge: false, required_contexts: [] })).data as { id: number }).id;
    const set = (state: 'in_progress' | 'success', description = '') =>
      octokit.rest.repos.createDeploymentStatus({ owner, repo, deployment_id: id, state, description, log_url: 'https://ci.example/run/1' });
    const first = await set('in_progress', 'deploying');
    expect(first.status).toBe(201);
    expect(first.data).toMatchObject({
      state: 'in_progress',
      environment: 'production',
      log_url: 'https://ci.example/run/1',
      target_url: 'https://ci.example/run/1',
    });
    await set('success', 'deployed');
    const listed = await octokit.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: id });
    expect(listed.data.map((s) => s.state)).toEqual(['success', 'in_progress']);
    const badState = await failure(
      octokit.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { owner, repo, deployment_id: id, state: 'done' as 'success' }),
    );
    expect(badState.status).toBe(422);
    const long = await failure(set('success', 'x'.repeat(141)));
    expect(long.status).toBe(422);
    expect((await failure(octokit.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: 999 }))).status).toBe(404);
    expect(github.deployments(repo)[0]).toMatchObject({ state: 'success', statuses: [{ state: 'in_progress' }, { state: 'success' }] });
  });

  it('auto_inactive: a success makes prior successful non-transient, non-production deployments of the environment inactive, and never production ones', async () => {
    const { github, octokit } = await seeded();
    const make = async (environment: string, o: { transient_environment?: boolean } = {}) =>
      (
        (await octokit.rest.repos.createDeployment({ owner, repo, ref: '1.4.0', environment, auto_merge: false, required_contexts: [], ...o })).data as {
          id: number;
        }
      ).id;
    const succeed = (id: number, o: { auto_inactive?: boolean } = {}) =>
      octokit.rest.repos.createDeploymentStatus({ owner, repo, deployment_id: id, state: 'success', ...o });
    const state = (id: number) => github.deployments(repo).find((d) => d.id === id)!.state;

    const staging1 = await make('staging');
    const failedStaging = await make('staging');
    const transient = await make('staging', { transient_environment: true });
    const qa = await make('qa');
    await succeed(staging1);
    await octokit.rest.repos.createDeploymentStatus({ owner, repo, deployment_id: failedStaging, state: 'failure' });
    await succeed(transient);
    await succeed(qa);
    const staging2 = await make('staging');
    await succeed(staging2);
    expect(state(staging1)).toBe('inactive');
    expect(state(failedStaging)).toBe('failure');
    expect(state(transient)).toBe('success');
    expect(state(qa)).toBe('success');

    const staging3 = await make('staging');
    await succeed(staging3, { auto_inactive: false });
    expect(state(staging2)).toBe('success');

    const prod1 = await make('production');
    await succeed(prod1);
    const prod2 = await make('production');
    await succeed(prod2);
    // production_environment is true by default for `production`: GitHub leaves it active.
    expect(state(prod1)).toBe('success');
    expect(state(prod2)).toBe('success');
  });
});

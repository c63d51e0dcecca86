import { describe, expect, it } from 'vitest';
import examples from '@octokit/webhooks-examples';
import { failure, useEmulators } from './emulator-harness.js';
import { OctokitGitHub } from '../../../src/github/octokit-github.js';
import { GraphqlOrgReader } from '../../../src/github/graphql-org-reader.js';
import type { BotOctokit } from '../../../src/github/make-octokit.js';

/** The keys of the first example of an event (and action) in @octokit/webhooks-examples. */
function exampleKeys(event: string, action?: string, path: string[] = []): string[] {
  const list = (examples as unknown as { name: string; examples: Record<string, unknown>[] }[]).find((e) => e.name === event)!.examples;
  let node: unknown = action ? list.find((x) => x.action === action) : list[0];
  for (const p of path) node = (node as Record<string, unknown>)[p];
  return Object.keys(node as object).sort();
}

describe('GitHubEmulator: commit statuses and check runs', () => {
  const start = useEmulators();

  it('combines the latest status of each context: failure beats pending beats success, none is pending', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    const sha = github.commit('widget', 'feat: start');
    const combined = () => octokit.rest.repos.getCombinedStatusForRef({ owner: 'acme', repo: 'widget', ref: sha }).then((r) => r.data);
    expect(await combined()).toMatchObject({ state: 'pending', total_count: 0, statuses: [], sha });

    await octokit.rest.repos.createCommitStatus({ owner: 'acme', repo: 'widget', sha, state: 'pending', context: 'ci/build' });
    await octokit.rest.repos.createCommitStatus({ owner: 'acme', repo: 'widget', sha, state: 'success', context: 'ci/build', target_url: 'https://ci.test/1' });
    expect(await combined()).toMatchObject({
      state: 'success',
      total_count: 1,
      statuses: [{ context: 'ci/build', state: 'success', target_url: 'https://ci.test/1' }],
    });

    await octokit.rest.repos.createCommitStatus({ owner: 'acme', repo: 'widget', sha, state: 'pending', context: 'ci/e2e' });
    expect((await combined()).state).toBe('pending');
    await octokit.rest.repos.createCommitStatus({ owner: 'acme', repo: 'widget', sha, state: 'error', context: 'ci/lint' });
    expect((await combined()).state).toBe('failure');

    // by branch name too; the list keeps every status, newest first
    expect((await octokit.rest.repos.getCombinedStatusForRef({ owner: 'acme', repo: 'widget', ref: 'main' })).data.total_count).toBe(3);
    const listed = await octokit.rest.repos.listCommitStatusesForRef({ owner: 'acme', repo: 'widget', ref: sha });
    expect(listed.data.map((s) => `${s.context}:${s.state}`)).toEqual(['ci/lint:error', 'ci/e2e:pending', 'ci/build:success', 'ci/build:pending']);
  });

  it('refuses a status with an unknown state or commit', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    const sha = github.commit('widget', 'feat: start');
    const bad = await failure(
      octokit.request('POST /repos/{owner}/{repo}/statuses/{sha}', { owner: 'acme', repo: 'widget', sha, state: 'green' as 'success' }),
    );
    expect(bad.status).toBe(422);
    expect((await failure(octokit.rest.repos.createCommitStatus({ owner: 'acme', repo: 'widget', sha: 'f'.repeat(40), state: 'success' }))).status).toBe(422);
  });

  it('creates, completes and lists check runs: latest per name by default, paginated with total_count', async () => {
    const { github, octokit } = await start();
    github.createRepo('widget');
    const sha = github.commit('widget', 'feat: start');
    const lint = await octokit.rest.checks.create({ owner: 'acme', repo: 'widget', name: 'lint', head_sha: sha });
    expect(lint.data).toMatchObject({ name: 'lint', status: 'queued', conclusion: null, head_sha: sha });
    const done = await octokit.rest.checks.update({ owner: 'acme', repo: 'widget', check_run_id: lint.data.id, conclusion: 'failure' });
    expect(done.data).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(done.data.completed_at).toBeTruthy();
    // re-run: a new run of the same name, which is the latest
    await octokit.rest.checks.create({ owner: 'acme', repo: 'widget', name: 'lint', head_sha: sha, conclusion: 'success' });
    for (let i = 0; i < 40; i++) await octokit.rest.checks.create({ owner: 'acme', repo: 'widget', name: `job-${i}`, head_sha: sha, status: 'in_progress' });

    const page = await octokit.rest.checks.listForRef({ owner: 'acme', repo: 'widget', ref: sha, per_page: 10 });
    expect(page.data.total_count).toBe(41);
    expect(page.data.check_runs).toHaveLength(10);
    expect(page.headers.link).toContain('rel="next"');
    const all = await octokit.paginate(octokit.rest.checks.listForRef, { owner: 'acme', repo: 'widget', ref: sha, per_page: 10 });
    expect(all).toHaveLength(41);
    expect(all.find((r) => r.name === 'lint')).toMatchObject({ conclusion: 'success' });
    const every = await octokit.rest.checks.listForRef({ owner: 'acme', repo: 'widget', ref: sha, filter: 'all', per_page: 100 });
    expect(every.data.total_count).toBe(42);

    // "completed" needs a conclusion (given now or before)
    const noConclusion = await failure(octokit.rest.checks.create({ owner: 'acme', repo: 'widget', name: 'x', head_sha: sha, status: 'completed' }));
    expect(noConclusion.status).toBe(422);
  });

  it('gives tests the webhooks GitHub sends, shaped like @octokit/webhooks-examples', async () => {
    const { github } = await start();
    github.createRepo('widget');
    const sha = github.commit('widget', 'feat: start');
    const status = github.ci.setStatus('widget', sha, { context: 'ci/build', state: 'success', targetUrl: 'https://ci.test/1' });
    expect(status.event).toBe('status');
    expect(status.payload).toMatchObject({ sha, state: 'success', context: 'ci/build', name: 'acme/widget', repository: { name: 'widget' } });
    for (const key of exampleKeys('status')) expect(status.payload, key).toHaveProperty(key);

    const lint = github.ci.createCheckRun('widget', sha, { name: 'lint', status: 'in_progress' });
    const e2e = github.ci.createCheckRun('widget', sha, { name: 'e2e' });
    expect(lint.events.map((e) => e.event)).toEqual(['check_run']);
    expect(lint.events[0]!.payload).toMatchObject({ action: 'created', check_run: { name: 'lint', head_sha: sha, status: 'in_progress' } });
    for (const key of exampleKeys('check_run', 'completed', ['check_run'])) expect(lint.events[0]!.payload.check_run, key).toHaveProperty(key);

    expect(github.ci.completeCheckRun('widget', lint.id, 'success').map((e) => e.event)).toEqual(['check_run']);
    const last = github.ci.completeCheckRun('widget', e2e.id, 'timed_out');
    expect(last.map((e) => e.event)).toEqual(['check_run', 'check_suite']);
    expect(last[1]!.payload).toMatchObject({ action: 'completed', check_suite: { head_sha: sha, status: 'completed', conclusion: 'timed_out' } });
    for (const key of exampleKeys('check_suite', 'completed', ['check_suite'])) expect(last[1]!.payload.check_suite, key).toHaveProperty(key);
  });

  it('the bot reads a commit checks over REST and the status check rollup over GraphQL alike', async () => {
    const { github, octokit } = await start();
    github.createRepo('connector-a');
    const sha = github.commit('connector-a', 'feat: start');
    github.ci.setStatus('connector-a', sha, { context: 'ci/build', state: 'success', targetUrl: 'https://ci.test/b' });
    const lint = github.ci.createCheckRun('connector-a', sha, { name: 'lint', detailsUrl: 'https://ci.test/lint' });
    github.ci.completeCheckRun('connector-a', lint.id, 'failure');
    github.ci.createCheckRun('connector-a', sha, { name: 'e2e', status: 'in_progress' });

    const rest = await new OctokitGitHub(octokit as unknown as BotOctokit, 'acme').readChecks('connector-a', sha);
    const seen = await new GraphqlOrgReader(octokit as unknown as BotOctokit, 'acme').readTags([{ repo: 'connector-a', tag: '1.0.0', checksOf: sha }]);
    const graphql = seen.get('connector-a')!.checks!;
    const plain = (c: typeof rest) => ({
      statuses: c.statuses.map((s) => `${s.context}:${s.state}:${s.targetUrl}`).sort(),
      runs: c.checkRuns.map((r) => `${r.name}:${r.status}:${r.conclusion}`).sort(),
    });
    expect(plain(rest)).toEqual({ statuses: ['ci/build:success:https://ci.test/b'], runs: ['e2e:in_progress:null', 'lint:completed:failure'] });
    expect(plain(graphql)).toEqual(plain(rest));
    expect(rest.checkRuns.find((r) => r.name === 'lint')?.url).toBe('https://ci.test/lint');
    expect(seen.get('connector-a')).toMatchObject({ headSha: sha, tagCommitSha: null });
  });
});

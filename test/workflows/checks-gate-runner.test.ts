import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import { describe, expect, it } from 'vitest';
import { approveRelease } from '../../src/workflows/decide-release.js';
import { handleDelivery } from '../../src/workflows/handle-delivery.js';
import { proposeRelease } from '../../src/workflows/propose-release.js';
import { passChecksGate } from '../../src/workflows/read-release-checks.js';
import { ReleaseRunner } from '../../src/workflows/release-runner.js';
import { BackgroundWork } from '../../src/workflows/supervise.js';
import type { Release } from '../../src/domain/release.js';
import { APPROVER, makeDeps, ORG, owed, sendAll, TEST_YAML, type TestDeps } from './fakes/make-deps.js';
import { fakeRunner } from './fakes/fake-runner.js';

const YAML = `${TEST_YAML}policies:\n  - { repos: [widget], requireChecks: true }\n`;
const run = (name: string, status: string, conclusion: string | null = null) => ({ name, status, conclusion, url: `https://ci.test/${name}` });

async function approved(t: TestDeps): Promise<Release> {
  const [first] = t.github.addRepo('widget', { commits: ['feat: first', 'feat: export as CSV'] });
  t.github.tag('widget', 'v1.0.0', first!);
  t.github.setChecks('widget', t.github.head('widget'), { checkRuns: [run('lint', 'completed', 'success'), run('e2e', 'in_progress')] });
  const proposal = await proposeRelease(t, { repo: 'widget', trigger: 'command', requestedBy: APPROVER });
  if (proposal.kind !== 'proposed') throw new Error(proposal.kind);
  expect(proposal.release.checks).toMatchObject({ source: 'proposal', verdict: 'wait', summary: { passed: 1, pending: 1 } });
  await approveRelease(t, fakeRunner(), { releaseId: proposal.release.id, userId: APPROVER });
  sendAll(t.sync);
  return t.sync.releases.get(proposal.release.id)!;
}

const told = (t: TestDeps) =>
  owed(t.sync)
    .filter((r) => r.told.method === 'releaseReply')
    .map((r) => (r.told.event as { kind: string }).kind);

describe('the checks gate in the release runner', () => {
  it('waits (told once), reads again when woken, and tags once they are green', async () => {
    const t = makeDeps({ yaml: YAML });
    const r = await approved(t);
    const runner = new ReleaseRunner(t, new BackgroundWork(t.logger));

    expect((await runner.run(r.id))?.status).toBe('approved');
    expect(told(t)).toEqual(['approved', 'checks-waiting']);
    expect(runner.checksChanged('widget', 'f'.repeat(40))).toBe(0);
    expect(runner.checksChanged('WIDGET', r.sha)).toBe(1);
    await runner.run(r.id); // joins the run the webhook started
    expect(told(t)).toEqual(['approved', 'checks-waiting']); // still pending: not said again
    expect(t.github.writes).toEqual([]);

    t.github.setChecks('widget', r.sha, { checkRuns: [run('lint', 'completed', 'success'), run('e2e', 'completed', 'skipped')] });
    expect(runner.checksChanged('widget', r.sha)).toBe(1);
    expect((await runner.run(r.id))?.status).toBe('notified');
    expect(told(t)).toEqual(['approved', 'checks-waiting', 'checks-green', 'tagged', 'published']);
    const actions = t.sync.audit.entries({ subjectType: 'release', subjectId: String(r.id) }).map((e) => e.action);
    expect(actions).toEqual(['propose', 'approved', 'checks-wait', 'checks-go', 'tagged', 'published', 'notified']);
    runner.stop();
  });

  it('fails on red with the failing checks named, writing nothing', async () => {
    const t = makeDeps({ yaml: YAML });
    const r = await approved(t);
    t.github.setChecks('widget', r.sha, {
      statuses: [{ context: 'ci/build', state: 'error', targetUrl: 'https://ci.test/build' }],
      checkRuns: [run('e2e', 'queued')],
    });
    const done = await new ReleaseRunner(t, new BackgroundWork(t.logger)).run(r.id);
    expect(done?.status).toBe('failed');
    expect(done?.error).toContain('checks failed');
    expect(done?.error).toContain('ci/build (https://ci.test/build)');
    expect(t.github.writes).toEqual([]);
  });

  it('lets a recorded bypass through a red gate, and audits who and why (the slot break-glass fills)', async () => {
    const t = makeDeps({ yaml: YAML });
    const r = await approved(t);
    t.github.setChecks('widget', r.sha, { checkRuns: [run('lint', 'completed', 'failure')] });
    const gate = await passChecksGate(t, r, new Date(), { by: 'U0ONCALL', reason: 'incident 42 hotfix' });
    expect(gate.kind).toBe('go');
    expect(t.sync.audit.entries({ subjectType: 'release', subjectId: String(r.id) }).at(-1)).toMatchObject({
      action: 'checks-go',
      reason: expect.stringContaining('checks bypassed by U0ONCALL: incident 42 hotfix'),
    });
  });

  it('reads nothing for a repository whose policy does not require checks', async () => {
    const t = makeDeps();
    const [first] = t.github.addRepo('widget', { commits: ['feat: first', 'feat: more'] });
    t.github.tag('widget', 'v1.0.0', first!);
    const proposal = await proposeRelease(t, { repo: 'widget', trigger: 'command', requestedBy: APPROVER });
    if (proposal.kind !== 'proposed') throw new Error(proposal.kind);
    await approveRelease(t, fakeRunner(), { releaseId: proposal.release.id, userId: APPROVER });
    await new ReleaseRunner(t, new BackgroundWork(t.logger)).run(proposal.release.id);
    expect(t.github.calls.filter((c) => c.method === 'readChecks')).toEqual([]);
    expect(t.sync.releases.get(proposal.release.id)?.checks).toBeNull();
  });
});

const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];
const example = (name: string, action?: string) =>
  (examples.find((e) => e.name === name)!.examples as Record<string, unknown>[]).find((x) => !action || x.action === action)!;

describe('handleDelivery of check_run, check_suite and status', () => {
  const ours = (payload: Record<string, unknown>) => {
    const repository = payload.repository as Record<string, unknown>;
    return { ...payload, repository: { ...repository, name: 'widget', owner: { ...(repository.owner as object), login: ORG } } };
  };
  it.each([
    ['check_run', example('check_run', 'completed'), (p: Record<string, unknown>) => (p.check_run as { head_sha: string }).head_sha],
    ['check_suite', example('check_suite', 'completed'), (p: Record<string, unknown>) => (p.check_suite as { head_sha: string }).head_sha],
    ['status', example('status'), (p: Record<string, unknown>) => p.sha as string],
  ])('%s wakes what waits for that commit, by repository and sha', async (event, payload, shaOf) => {
    const t = makeDeps();
    const woken: string[] = [];
    const wake = (repo: string, sha: string) => {
      woken.push(`${repo}@${sha}`);
      return 1;
    };
    t.sync.deliveries.insert({ id: `d-${event}`, source: 'github', event, payload: JSON.stringify(ours(payload)) });
    const outcome = await handleDelivery(t, t.sync.deliveries.get(`d-${event}`)!, undefined, wake);
    expect(outcome.status).toBe('processed');
    expect(woken).toEqual([`widget@${shaOf(payload)}`]);
    // GitHub's own example, of another owner: not ours
    t.sync.deliveries.insert({ id: `d-${event}-2`, source: 'github', event, payload: JSON.stringify(payload) });
    expect((await handleDelivery(t, t.sync.deliveries.get(`d-${event}-2`)!, undefined, wake)).status).toBe('skipped');
  });
});

import { describe, expect, it } from 'vitest';
import { approveRelease } from '../../src/workflows/decide-release.js';
import { proposeRelease, type ProposalRequest } from '../../src/workflows/propose-release.js';
import { ReleaseRunner, type StepRetry } from '../../src/workflows/release-runner.js';
import { BackgroundWork } from '../../src/workflows/supervise.js';
import type { Release } from '../../src/domain/release.js';
import { APPROVER, makeDeps, owed, RELEASE_CHANNEL, sendAll, TEST_YAML, type OwedRow, type TestDeps } from './fakes/make-deps.js';
import { fakeRunner } from './fakes/fake-runner.js';

/** GitHub "down" is given up on within 50 ms, waiting 1–2 ms between tries. */
const FAST: StepRetry = { baseMs: 1, maxMs: 2, forMs: 50 };

const runnerFor = (t: TestDeps) => new ReleaseRunner(t, new BackgroundWork(t.logger), { stepRetry: FAST });

/** widget at v1.0.0 with a feature since, proposed and approved in Slack; what that owed is sent, so `owed` shows only the runner's. */
async function approved(t: TestDeps, req: Partial<ProposalRequest> = {}): Promise<Release> {
  const [first] = t.github.addRepo('widget', { commits: ['feat: first', 'feat: export as CSV'] });
  t.github.tag('widget', 'v1.0.0', first!);
  const proposal = await proposeRelease(t, { repo: 'widget', trigger: 'command', requestedBy: APPROVER, ...req });
  if (proposal.kind !== 'proposed') throw new Error(`expected a proposal, got ${proposal.kind}`);
  await approveRelease(t, fakeRunner(), { releaseId: proposal.release.id, userId: APPROVER });
  sendAll(t.sync);
  return t.sync.releases.get(proposal.release.id)!;
}

const replies = (rows: OwedRow[]) => rows.filter((r) => r.told.method === 'releaseReply').map((r) => r.told.event);
const notices = (rows: OwedRow[]) => rows.filter((r) => r.told.method === 'releaseNotice');
const status = (t: TestDeps, id: number) => t.sync.releases.get(id)!.status;

describe('ReleaseRunner', () => {
  it('takes an approved release through tag, publish and notify with the right GitHub writes', async () => {
    const t = makeDeps();
    const r = await approved(t);

    const done = await runnerFor(t).run(r.id);

    expect(done).toMatchObject({
      status: 'notified',
      tagObjectSha: expect.stringMatching(/^[0-9a-f]{40}$/),
      releaseId: 1001,
      releaseUrl: 'https://github.test/acme/widget/releases/tag/v1.1.0',
    });
    expect(t.github.writes).toEqual([
      { method: 'createAnnotatedTag', repo: 'widget', args: { tag: 'v1.1.0', sha: r.sha, message: 'widget v1.1.0' } },
      {
        method: 'createRelease',
        repo: 'widget',
        args: {
          tag: 'v1.1.0',
          name: 'widget v1.1.0',
          body: expect.stringContaining('export as CSV'),
          draft: false,
          prerelease: false,
          makeLatest: true,
          sha: r.sha,
        },
      },
    ]);
    expect(
      t.sync.audit
        .entries({ subjectId: String(r.id) })
        .filter((e) => e.actor === 'bot')
        .map((e) => e.toStatus),
    ).toEqual(['tagged', 'published', 'notified']);
  });

  it('owes the thread one reply per step in order, the proposal as it stands, and one notice in the release channel', async () => {
    const t = makeDeps();
    const r = await approved(t);

    await runnerFor(t).run(r.id);

    const rows = owed(t.sync);
    expect(replies(rows)).toEqual([{ kind: 'approved' }, { kind: 'tagged', found: false }, { kind: 'published', existed: false }]);
    expect(rows.filter((m) => m.kind === 'update').map((m) => m.told.status)).toEqual(['notified']);
    expect(notices(rows)).toMatchObject([{ key: `release:${r.id}:notice`, channel: RELEASE_CHANNEL, told: { release: r.id, status: 'notified' } }]);
    expect(new Set(rows.map((m) => m.lane))).toEqual(new Set([`release:${r.id}`]));
    expect(t.sync.releases.get(r.id)!.reportedStatus).toBe('published');
  });

  it('publishes a prerelease that does not become Latest', async () => {
    const t = makeDeps();
    const r = await approved(t, { pre: 'rc' });

    await runnerFor(t).run(r.id);

    expect(t.github.callsOf('createRelease')[0]!.args).toMatchObject({ tag: 'v1.1.0-rc.1', prerelease: true, makeLatest: false });
  });

  it('looks for a draft among the drafts before making one, and a draft does not become Latest', async () => {
    const t = makeDeps();
    const r = await approved(t, { draft: true });

    await runnerFor(t).run(r.id);

    expect(t.github.callsOf('findRelease')[0]!.args).toEqual({ tag: 'v1.1.0', includeDrafts: true });
    expect(t.github.callsOf('createRelease')[0]!.args).toMatchObject({ draft: true, makeLatest: false });
  });

  it("uses GitHub's generated notes when the repository asks for them", async () => {
    const t = makeDeps({ yaml: `${TEST_YAML}\nnotes: github\n` });
    const r = await approved(t);

    await runnerFor(t).run(r.id);

    expect(t.github.callsOf('generateNotes')[0]!.args).toEqual({ tag: 'v1.1.0', previousTag: 'v1.0.0', sha: r.sha });
    expect(t.github.callsOf('createRelease')[0]!.args?.body).toBe("GitHub's notes for v1.1.0 since v1.0.0");
  });

  it('counts a tag already on the proposed commit as done and writes no tag', async () => {
    const t = makeDeps();
    const r = await approved(t);
    t.github.tag('widget', 'v1.1.0', r.sha);

    const done = await runnerFor(t).run(r.id);

    expect(done).toMatchObject({ status: 'notified', tagObjectSha: null });
    expect(t.github.writes.map((w) => w.method)).toEqual(['createRelease']);
    expect(replies(owed(t.sync))).toContainEqual({ kind: 'tagged', found: true });
  });

  it('fails when the tag is on another commit, naming both commits, and writes nothing more', async () => {
    const t = makeDeps();
    const r = await approved(t);
    const elsewhere = t.github.sideCommit('widget');
    t.github.tag('widget', 'v1.1.0', elsewhere);

    const done = await runnerFor(t).run(r.id);

    expect(done?.status).toBe('failed');
    expect(done?.error).toBe(
      `tag v1.1.0 already exists on ${elsewhere.slice(0, 7)}, not on the proposed commit ${r.sha.slice(0, 7)}. The bot never moves a tag: delete it on GitHub or release another version.`,
    );
    expect(t.github.writes).toEqual([]);
    expect(t.github.callsOf('findRelease')).toEqual([]);
    const rows = owed(t.sync);
    expect(replies(rows)).toEqual([{ kind: 'approved' }, { kind: 'failed' }]);
    expect(notices(rows)).toEqual([]);
  });

  it('fails at once on a 4xx, with what to fix', async () => {
    const t = makeDeps();
    const r = await approved(t);
    t.github.failNext({ status: 403, message: 'Resource not accessible by integration' }, { method: 'createAnnotatedTag' });

    const done = await runnerFor(t).run(r.id);

    expect(done?.status).toBe('failed');
    expect(done?.error).toBe(
      'GitHub refused the tag step on widget: the token may not write there (403: Resource not accessible by integration). Give it contents: write on widget (or check branch and tag protection), then press Retry.',
    );
    expect(t.github.callsOf('createAnnotatedTag')).toHaveLength(1);
    expect(t.logs.filter((l) => l.msg === 'release step failed')).toMatchObject([{ level: 50, releaseId: r.id, repo: 'widget' }]);
  });

  it('does not retry a 422 either: GitHub would say the same again', async () => {
    const t = makeDeps();
    const r = await approved(t);
    t.github.failNext({ status: 422, message: 'Reference already exists' }, { method: 'createAnnotatedTag' });

    const done = await runnerFor(t).run(r.id);

    expect(done?.error).toBe('GitHub did not accept the tag step (422: Reference already exists). Fix what it says, then press Retry.');
    expect(t.github.callsOf('createAnnotatedTag')).toHaveLength(1);
  });

  it('retries a 5xx with backoff, then fails with a reason that says to press Retry', async () => {
    const t = makeDeps();
    const r = await approved(t);
    t.github.failNext({ status: 503, message: 'Service Unavailable' }, { method: 'findRelease', times: Number.POSITIVE_INFINITY });

    const started = Date.now();
    const done = await runnerFor(t).run(r.id);

    expect(Date.now() - started).toBeLessThan(1000);
    expect(done?.status).toBe('failed');
    expect(done?.error).toMatch(/^GitHub did not answer the publish step \(503: Service Unavailable\), for \d+ s\. Press Retry once GitHub is back\.$/);
    expect(t.github.callsOf('findRelease').length).toBeGreaterThan(2);
    expect(t.logs.filter((l) => l.msg === 'GitHub did not answer a release step; trying again').length).toBe(t.github.callsOf('findRelease').length - 1);
    // the tag step was done and stays done
    expect(t.github.writes.map((w) => w.method)).toEqual(['createAnnotatedTag']);
    expect(replies(owed(t.sync))).toEqual([{ kind: 'approved' }, { kind: 'tagged', found: false }, { kind: 'failed' }]);
  });

  it('gets through a 5xx that passes, telling each step once', async () => {
    const t = makeDeps();
    const r = await approved(t);
    t.github.failNext({ status: 502, message: 'Bad Gateway' }, { method: 'createRelease' });

    const done = await runnerFor(t).run(r.id);

    expect(done?.status).toBe('notified');
    expect(t.github.writes.map((w) => w.method)).toEqual(['createAnnotatedTag', 'createRelease', 'createRelease']);
    expect(t.github.releasesOf('widget')).toHaveLength(1);
    expect(replies(owed(t.sync))).toEqual([{ kind: 'approved' }, { kind: 'tagged', found: false }, { kind: 'published', existed: false }]);
  });

  it('after a crash, runs again from the recorded status and repeats nothing', async () => {
    const t = makeDeps();
    const r = await approved(t);
    const first = runnerFor(t);
    // the process dies right after the tag step was recorded
    first.onChange((x) => x.status === 'tagged' && first.stop());
    expect(await first.run(r.id)).toMatchObject({ status: 'tagged', reportedStatus: 'tagged' });

    const done = await runnerFor(t).run(r.id);

    expect(done?.status).toBe('notified');
    expect(t.github.writes.map((w) => w.method)).toEqual(['createAnnotatedTag', 'createRelease']);
    const rows = owed(t.sync);
    expect(replies(rows)).toEqual([{ kind: 'approved' }, { kind: 'tagged', found: false }, { kind: 'published', existed: false }]);
    expect(notices(rows)).toHaveLength(1);
  });

  it('finds a GitHub release made before a crash kept it from being recorded, and does not make it twice', async () => {
    const t = makeDeps();
    const r = await approved(t);
    t.github.tag('widget', 'v1.1.0', r.sha);
    t.sync.releases.advance(r.id, 'approved', 'tagged', 'bot', 'tagged');
    t.sync.releases.setReported(r.id, 'tagged');
    const made = t.github.addRelease('widget', 'v1.1.0');

    const done = await runnerFor(t).run(r.id);

    expect(done).toMatchObject({ status: 'notified', releaseId: made.id, releaseUrl: made.htmlUrl });
    expect(t.github.writes).toEqual([]);
    expect(replies(owed(t.sync))).toEqual([{ kind: 'published', existed: true }]);
  });

  it('joins a run already going rather than starting another', async () => {
    const t = makeDeps();
    const r = await approved(t);
    const runner = runnerFor(t);

    const [a, b] = await Promise.all([runner.run(r.id), runner.run(r.id)]);

    expect(a).toEqual(b);
    expect(t.github.callsOf('findTag')).toHaveLength(1);
  });

  it('resumes every unfinished release of its own on start-up', async () => {
    const t = makeDeps();
    const r = await approved(t);

    await runnerFor(t).resumeAll();

    expect(status(t, r.id)).toBe('notified');
    expect(t.logs.find((l) => l.msg === 'resuming unfinished releases')).toMatchObject({ ids: [r.id] });
  });
});

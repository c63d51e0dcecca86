import { describe, expect, it } from 'vitest';
import { expireProposals } from '../../src/workflows/expire-proposals.js';
import { ExpiryTimer } from '../../src/workflows/expiry-timer.js';
import { BackgroundWork } from '../../src/workflows/supervise.js';
import { approveRelease } from '../../src/workflows/decide-release.js';
import { proposeRelease } from '../../src/workflows/propose-release.js';
import { APPROVER, makeDeps, owed, sendAll, type TestDeps } from './fakes/make-deps.js';
import { fakeRunner } from './fakes/fake-runner.js';

const YAML = `
approvers: [${APPROVER}]
policies:
  - { repos: [widget], expireAfter: 30m }
  - { repos: [gadget] }
`;

async function propose(t: TestDeps, repo: string) {
  const [first] = t.github.addRepo(repo, { commits: ['feat: first', 'fix: second'] });
  t.github.tag(repo, 'v1.0.0', first!);
  const outcome = await proposeRelease(t, { repo, trigger: 'command', requestedBy: APPROVER });
  if (outcome.kind !== 'proposed') throw new Error(outcome.kind);
  sendAll(t.sync);
  return outcome.release;
}

describe('expireProposals', () => {
  it('expires an unapproved proposal past its age, owes the update without buttons and a reply, and audits it', async () => {
    const t = makeDeps({ yaml: YAML });
    const widget = await propose(t, 'widget');
    const gadget = await propose(t, 'gadget');

    t.clock.tick(29 * 60_000);
    expect(await expireProposals(t, t.clock.now())).toEqual({ expired: [], next: new Date(Date.parse(widget.createdAt) + 30 * 60_000) });

    t.clock.tick(60_000);
    const { expired, next } = await expireProposals(t, t.clock.now());
    expect(expired.map((r) => [r.id, r.status])).toEqual([[widget.id, 'expired']]);
    expect(next).toBeNull();
    expect(t.sync.releases.get(gadget.id)!.status).toBe('proposed');
    expect(owed(t.sync).map((o) => o.told)).toEqual([
      { method: 'releaseParent', release: widget.id, status: 'expired', tag: 'v1.0.1' },
      { method: 'releaseReply', release: widget.id, status: 'expired', tag: 'v1.0.1', event: { kind: 'expired' } },
    ]);
    expect(t.sync.audit.entries({ subjectType: 'release', subjectId: String(widget.id) }).at(-1)).toMatchObject({
      actor: 'bot',
      action: 'expired',
      fromStatus: 'proposed',
      toStatus: 'expired',
      reason: 'no 1 approval(s) within 30m (0 given)',
    });
  });

  it('leaves an approved proposal alone', async () => {
    const t = makeDeps({ yaml: YAML });
    const widget = await propose(t, 'widget');
    await approveRelease(t, fakeRunner(), { releaseId: widget.id, userId: APPROVER });
    t.clock.tick(3_600_000);
    expect((await expireProposals(t, t.clock.now())).expired).toEqual([]);
    expect(t.sync.releases.get(widget.id)!.status).toBe('approved');
  });
});

describe('ExpiryTimer', () => {
  it('expires at start-up what expired while the bot was down', async () => {
    const t = makeDeps({ yaml: YAML });
    const widget = await propose(t, 'widget');
    t.clock.tick(31 * 60_000);
    const timer = new ExpiryTimer(t, new BackgroundWork(t.logger), { now: t.clock.now });
    await timer.start();
    timer.stop();
    expect(t.sync.releases.get(widget.id)!.status).toBe('expired');
  });

  it('expires on time while running: the timer is set for the next proposal due', async () => {
    const t = makeDeps({ yaml: YAML.replace('30m', '1s') });
    const background = new BackgroundWork(t.logger);
    const timer = new ExpiryTimer(t, background, { now: t.clock.now, maxWaitMs: 60_000 });
    await timer.start();
    const widget = await propose(t, 'widget');
    timer.wake(); // main.ts wakes it whenever a message is owed, as a new proposal's is
    await background.idle();
    expect(t.sync.releases.get(widget.id)!.status).toBe('proposed');
    // the clock passes the due time; the timer, set for 1 s from the proposal, fires and finds it due
    t.clock.tick(1_000);
    const until = Date.now() + 5_000;
    while (t.sync.releases.get(widget.id)!.status === 'proposed' && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    timer.stop();
    await background.idle();
    expect(t.sync.releases.get(widget.id)!.status).toBe('expired');
  });
});

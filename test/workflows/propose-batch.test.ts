import { describe, expect, it } from 'vitest';
import { proposeBatch, type BatchRequest } from '../../src/workflows/propose-batch.js';
import { APPROVER, makeDeps, owed, RELEASE_CHANNEL } from './fakes/make-deps.js';
import { connectors } from './fakes/connector-train.js';

const request = (over: Partial<BatchRequest> = {}): BatchRequest => ({
  forcedBump: null,
  dryRun: false,
  channel: RELEASE_CHANNEL,
  trigger: 'command',
  requestedBy: APPROVER,
  ...over,
});

describe('proposeBatch', () => {
  it('proposes one train of the connectors with unreleased commits, and says why each other one is left out', async () => {
    const t = makeDeps();
    connectors(t);

    const outcome = await proposeBatch(t, request());

    expect(outcome.kind).toBe('proposed');
    if (outcome.kind !== 'proposed') return;
    expect(outcome.batch).toMatchObject({ id: 1, status: 'proposed', requestedBy: APPROVER, channel: RELEASE_CHANNEL });
    expect(outcome.batch.leftOut).toEqual(
      expect.arrayContaining([
        { repo: 'connector-same', reason: 'up-to-date' },
        { repo: 'connector-old', reason: 'archived' },
        { repo: 'connector-empty', reason: 'empty' },
      ]),
    );
    expect(outcome.batch.leftOut).toHaveLength(3);
    expect(outcome.members.map((m) => [m.repo, m.status, m.tag, m.trigger, m.batchId])).toEqual([
      ['connector-bar', 'proposed', '1.0.0', 'batch', 1],
      ['connector-foo', 'proposed', '1.0.1', 'batch', 1],
    ]);
  });

  it('reads the organisation in one snapshot and writes nothing to GitHub', async () => {
    const t = makeDeps();
    connectors(t);

    await proposeBatch(t, request());

    expect(t.github.calls.map((c) => c.method)).toEqual(['snapshotRepos']);
    expect(t.github.writes).toEqual([]);
  });

  it('owes the card, keyed to the train, showing its connectors', async () => {
    const t = makeDeps();
    connectors(t);

    await proposeBatch(t, request());

    expect(owed(t.sync)).toEqual([
      {
        key: 'batch:1:card',
        lane: 'batch:1',
        kind: 'post',
        channel: RELEASE_CHANNEL,
        refTs: null,
        refKey: null,
        told: { method: 'batchCard', batch: 1, status: 'proposed', members: ['connector-bar:proposed', 'connector-foo:proposed'] },
      },
    ]);
  });

  it('forces the bump it is given on every connector', async () => {
    const t = makeDeps();
    connectors(t);

    const outcome = await proposeBatch(t, request({ forcedBump: 'minor' }));

    expect(outcome.kind === 'proposed' && outcome.members.map((m) => [m.repo, m.bump, m.tag])).toEqual([
      ['connector-bar', 'minor', '1.0.0'],
      ['connector-foo', 'minor', '1.1.0'],
    ]);
  });

  it('a dry run shows the card it would post and records and owes nothing', async () => {
    const t = makeDeps();
    connectors(t);

    const outcome = await proposeBatch(t, request({ dryRun: true }));

    expect(outcome.kind === 'dry-run' && { members: outcome.members, dryRun: outcome.view.dryRun, ids: outcome.view.members.map((m) => m.id) }).toEqual({
      members: 2,
      dryRun: true,
      ids: [1, 2],
    });
    expect(t.sync.batches.get(1)).toBeUndefined();
    expect(t.sync.outbox.pending()).toEqual([]);
  });

  it('is nothing, with every connector left out, when none has anything to release', async () => {
    const t = makeDeps();
    const [head] = t.github.addRepo('connector-same', { commits: ['feat: done'] });
    t.github.tag('connector-same', '2.0.0', head!);

    expect(await proposeBatch(t, request())).toEqual({ kind: 'nothing', leftOut: [{ repo: 'connector-same', reason: 'up-to-date' }] });
    expect(t.sync.outbox.pending()).toEqual([]);
  });

  it('finds the train of a push delivery handled again, and owes its card once', async () => {
    const t = makeDeps();
    connectors(t);

    const first = await proposeBatch(t, request({ trigger: 'push', requestedBy: null, deliveryId: 'd-1' }));
    const again = await proposeBatch(t, request({ trigger: 'push', requestedBy: null, deliveryId: 'd-1' }));

    expect(again.kind === 'proposed' && again.batch.id).toBe(first.kind === 'proposed' && first.batch.id);
    expect(owed(t.sync).map((r) => r.key)).toEqual(['batch:1:card']);
    expect(t.github.callsOf('snapshotRepos')).toHaveLength(1);
  });

  it('reads over REST only what one snapshot page did not show: the older tags, their ancestry and the commits since', async () => {
    const t = makeDeps();
    const [first] = t.github.addRepo('connector-long', { commits: ['feat: first', 'fix: a', 'fix: b', 'feat: c', 'fix: d'] });
    t.github.tag('connector-long', '1.0.0', first!);
    t.github.tag('connector-long', 'nightly', t.github.head('connector-long'));
    t.github.snapshotPage = 1;

    const outcome = await proposeBatch(t, request());

    expect(t.github.calls.map((c) => c.method)).toEqual(['snapshotRepos', 'listTags', 'compare', 'commitsSince']);
    expect(outcome.kind === 'proposed' && outcome.members.map((m) => [m.currentTag, m.tag, m.commits.length])).toEqual([['1.0.0', '1.1.0', 4]]);
  });

  it("applies each connector's .github/release-bot.yml from the snapshot, and names an invalid one on its row", async () => {
    const t = makeDeps();
    connectors(t);
    t.github.setRepoFile('connector-bar', 'tagPrefix: v\n');
    t.github.setRepoFile('connector-foo', 'tagPrefix: x-\nbreakGlass: [UMALLORY]\n');

    const outcome = await proposeBatch(t, request());

    if (outcome.kind !== 'proposed') throw new Error(outcome.kind);
    expect(outcome.members.map((m) => [m.repo, m.tag, m.repoFile?.kind])).toEqual([
      ['connector-bar', 'v1.0.0', 'applied'],
      ['connector-foo', '1.0.1', 'ignored'],
    ]);
    expect(t.github.callsOf('readRepoFile')).toEqual([]);
  });
});

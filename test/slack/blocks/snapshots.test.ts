import { describe, expect, it } from 'vitest';
import { releaseMessage } from '../../../src/slack/blocks/release-message.js';
import { historyMessage, releaseNotice, releaseReplies } from '../../../src/slack/blocks/release-replies.js';
import { batchCard, batchSummary } from '../../../src/slack/blocks/batch-card.js';
import { rolloutMessage, withRollout } from '../../../src/slack/blocks/rollout-message.js';
import { deployCommandText, rolloutDecisionText, rolloutReply, unpinNotice } from '../../../src/slack/blocks/rollout-replies.js';
import { batchDecisionText, decisionOutcomeText, nothingToReleaseText, proposalOutcomeText } from '../../../src/slack/blocks/outcome-text.js';
import { slackNarrator } from '../../../src/slack/slack-narrator.js';
import { validateBlocks } from '../../../src/sandbox/slack/validate-blocks.js';
import type { Release } from '../../../src/domain/release.js';
import type { Batch } from '../../../src/domain/batch.js';
import type { ConnectorPin, Rollout } from '../../../src/domain/rollout-model.js';
import type { Message } from '../../../src/workflows/ports/message.js';
import type { RolloutView } from '../../../src/workflows/ports/narrator.js';

/** Fixed view models: ids, shas and times never change, so neither do the snapshots. */
const SHA = '3f786850e387550fdab836ed7e6dc881de23001b';

const release = (over: Partial<Release> = {}): Release => ({
  id: 12,
  repo: 'widget',
  status: 'proposed',
  sha: SHA,
  defaultBranch: 'main',
  repoUrl: 'https://github.com/acme/widget',
  tagPrefix: 'v',
  currentTag: 'v1.4.2',
  currentVersion: '1.4.2',
  lastPrerelease: null,
  highestStable: '2.0.0',
  line: 'default',
  repoFile: null,
  ignoredTags: [
    { tag: 'v2.0.0', because: 'not-ancestor' },
    { tag: 'v1.5.0-rc.1', because: 'prerelease' },
  ],
  suggestedBump: 'minor',
  bump: 'minor',
  pre: null,
  draft: false,
  nextVersion: '1.5.0',
  tag: 'v1.5.0',
  commits: [
    {
      sha: '89e6c98d92887913cadf06b2adb97f26cde4849b',
      title: 'feat(export): CSV export',
      type: 'feat',
      scope: 'export',
      subject: 'CSV export',
      breaking: false,
      breakingNote: null,
      bump: 'minor',
      author: 'Ada Lovelace',
    },
    {
      sha: '2b66fd261ee5c6cfc8de7fa466bab600bcfe4f69',
      title: 'fix: handle <empty> input & nulls',
      type: 'fix',
      scope: null,
      subject: 'handle <empty> input & nulls',
      breaking: false,
      breakingNote: null,
      bump: 'patch',
      author: 'Grace Hopper',
    },
    {
      sha: 'e2512172abf8cc9f67fdd49eb6cacf2df71bbad3',
      title: 'feat: try a new layout',
      type: 'feat',
      scope: null,
      subject: 'try a new layout',
      breaking: false,
      breakingNote: null,
      bump: null,
      revertedBy: 'a9993e364706816aba3e25717850c26c9cd0d89d',
    },
  ],
  reason: { kind: 'commit', sha: '89e6c98d92887913cadf06b2adb97f26cde4849b', title: 'feat(export): CSV export', because: 'feat' },
  notesMode: 'conventional',
  channel: 'C0RELEASES',
  messageTs: '1700000000.000100',
  trigger: 'push',
  batchId: null,
  requestedBy: null,
  pushedBy: null,
  policy: null,
  checks: null,
  approvals: [],
  approvedBy: null,
  tagObjectSha: null,
  releaseId: null,
  releaseUrl: null,
  error: null,
  reportedStatus: null,
  createdAt: '2026-03-02T09:00:00.000Z',
  updatedAt: '2026-03-02T09:00:00.000Z',
  ...over,
});

const approved = release({ status: 'approved', approvedBy: 'U0APPROVER', reportedStatus: 'approved' });
const tagged = release({ status: 'tagged', approvedBy: 'U0APPROVER', tagObjectSha: 'c1dfd96eea8cc2b62785275bca38ac261256e278' });
const released = release({ status: 'notified', approvedBy: 'U0APPROVER', releaseId: 1001, releaseUrl: 'https://github.com/acme/widget/releases/tag/v1.5.0' });
const failed = release({
  status: 'failed',
  approvedBy: 'U0APPROVER',
  error: 'GitHub refused the tag step on widget: the token may not write there (403: Resource not accessible by integration).',
});

const member = (id: number, repo: string, over: Partial<Release> = {}): Release =>
  release({
    id,
    repo,
    repoUrl: `https://github.com/acme/${repo}`,
    tagPrefix: '',
    currentTag: '1.0.0',
    currentVersion: '1.0.0',
    ignoredTags: [],
    bump: 'patch',
    suggestedBump: 'patch',
    nextVersion: '1.0.1',
    tag: '1.0.1',
    trigger: 'batch',
    batchId: 3,
    messageTs: null,
    commits: release().commits.slice(1, 2),
    ...over,
  });

const batch = (over: Partial<Batch> = {}): Batch => ({
  id: 3,
  status: 'proposed',
  forcedBump: null,
  leftOut: [
    { repo: 'connector-same', reason: 'up-to-date' },
    { repo: 'connector-old', reason: 'archived' },
    { repo: 'connector-x', reason: 'up-to-date' },
  ],
  channel: 'C0RELEASES',
  messageTs: '1700000000.000300',
  trigger: 'command',
  requestedBy: 'U0REQUESTER',
  policy: null,
  approvals: [],
  approvedBy: null,
  cardPage: 0,
  createdAt: '2026-03-02T09:00:00.000Z',
  updatedAt: '2026-03-02T09:00:00.000Z',
  ...over,
});

const members = [
  member(21, 'connector-bar', { currentTag: null, currentVersion: null, nextVersion: '1.0.0', tag: '1.0.0', bump: 'minor' }),
  member(22, 'connector-foo'),
  member(23, 'connector-zed', { status: 'skipped' }),
];

const rollout = (over: Partial<Rollout> = {}): Rollout => ({
  id: 7,
  connectorId: 'connector-foo',
  version: '1.4.0',
  image: 'ghcr.io/acme/connector-foo:1.4.0',
  kind: 'build',
  source: 'build-notice',
  status: 'received',
  needsApproval: false,
  requestedBy: null,
  approvedBy: null,
  releaseId: null,
  rollbackOf: null,
  channel: 'C0RELEASES',
  threadTs: '1700000000.000700',
  ownMessage: true,
  reported: null,
  attempts: 0,
  result: null,
  error: null,
  receivedAt: '2026-03-02T09:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  updatedAt: '2026-03-02T09:00:00.000Z',
  ...over,
});

const pin: ConnectorPin = {
  connectorId: 'connector-foo',
  image: 'ghcr.io/acme/connector-foo:1.3.0',
  version: '1.3.0',
  pinnedBy: 'U0APPROVER',
  pinnedAt: '2026-03-02T08:00:00.000Z',
  reason: 'rolled back from 1.4.0',
};
const view = (r: Rollout, o: Partial<RolloutView> = {}): RolloutView => ({ rollout: r, deployer: 'http', pin: undefined, other: undefined, ...o });
const finished = { startedAt: '2026-03-02T09:00:01.000Z', finishedAt: '2026-03-02T09:00:43.500Z' };

/** Every rendered message is also valid Block Kit within Slack's limits. */
function valid(m: Message): Message {
  expect(validateBlocks([...(m.blocks ?? [])])).toEqual([]);
  return m;
}

describe('Block Kit snapshots', () => {
  it('release message, in each status a proposal passes through', () => {
    expect(valid(releaseMessage(release()))).toMatchSnapshot('proposed');
    expect(valid(releaseMessage(release({ bump: 'patch', nextVersion: '1.4.3', tag: 'v1.4.3' })))).toMatchSnapshot(
      'proposed with a bump lower than the commits call for',
    );
    expect(
      valid(releaseMessage(release({ pre: 'rc', lastPrerelease: '1.5.0-rc.1', nextVersion: '1.5.0-rc.2', tag: 'v1.5.0-rc.2', draft: true, ignoredTags: [] }))),
    ).toMatchSnapshot('prerelease draft continuing an rc line');
    expect(
      valid(
        releaseMessage(
          release({
            currentTag: null,
            currentVersion: null,
            ignoredTags: [],
            suggestedBump: 'patch',
            bump: 'patch',
            nextVersion: '1.0.0',
            tag: 'v1.0.0',
            reason: { kind: 'default', bump: 'patch' },
          }),
        ),
      ),
    ).toMatchSnapshot('first release');
    expect(valid(releaseMessage(release({ id: 0, messageTs: null }), { dryRun: true }))).toMatchSnapshot('dry run');
    expect(valid(releaseMessage(approved))).toMatchSnapshot('approved');
    expect(valid(releaseMessage(tagged))).toMatchSnapshot('tagged');
    expect(valid(releaseMessage(released))).toMatchSnapshot('released');
    expect(valid(releaseMessage(failed))).toMatchSnapshot('failed, with Retry');
    expect(valid(releaseMessage(release({ status: 'skipped', approvedBy: 'U0APPROVER' })))).toMatchSnapshot('skipped');
    expect(valid(releaseMessage(release({ status: 'cancelled' })))).toMatchSnapshot('superseded');
  });

  it("release message and train card with a repository's .github/release-bot.yml, applied or ignored", () => {
    expect(
      valid(releaseMessage(release({ tagPrefix: 'release-', tag: 'release-1.5.0', repoFile: { kind: 'applied', keys: ['tagPrefix', 'releaseRules'] } }))),
    ).toMatchSnapshot('proposed with settings from the file');
    const ignored = {
      kind: 'ignored' as const,
      problems: [
        "approvers: not allowed in a repository's file (only the organisation's release-bot.yml sets it)",
        'releaseRules.0.release: required',
        'and 1 more',
      ],
    };
    expect(valid(releaseMessage(release({ repoFile: ignored })))).toMatchSnapshot('proposed, the file ignored');
    const train = [
      member(31, 'connector-bar', { tagPrefix: 'v', tag: 'v1.0.1', currentTag: 'v1.0.0', repoFile: { kind: 'applied', keys: ['tagPrefix'] } }),
      member(32, 'connector-foo', { repoFile: ignored }),
    ];
    expect(valid(batchCard({ batch: batch(), members: train }))).toMatchSnapshot('train card, one file ignored');
  });

  it('release replies, notice and history', () => {
    expect(valid(releaseReplies.approved(approved))).toMatchSnapshot('approved');
    expect(valid(releaseReplies.tagged(tagged, false))).toMatchSnapshot('tagged');
    expect(valid(releaseReplies.tagged(tagged, true))).toMatchSnapshot('tag found on the commit');
    expect(valid(releaseReplies.published(released, false))).toMatchSnapshot('published');
    expect(valid(releaseReplies.published(release({ ...released, draft: true }), true))).toMatchSnapshot('draft existed');
    expect(valid(releaseReplies.failed(failed))).toMatchSnapshot('failed');
    expect(valid(releaseReplies.retried(approved, 'U0OTHER'))).toMatchSnapshot('retried');
    expect(valid(releaseReplies.skipped('U0APPROVER'))).toMatchSnapshot('skipped');
    expect(valid(releaseReplies.bumpChanged(release({ bump: 'major', nextVersion: '2.0.0', tag: 'v2.0.0' }), 'U0APPROVER', 0))).toMatchSnapshot('bump changed');
    expect(valid(releaseNotice(released))).toMatchSnapshot('notice');
    expect(valid(historyMessage('widget', []))).toMatchSnapshot('history, empty');
    expect(
      valid(
        historyMessage('widget', [
          released,
          failed,
          release({
            id: 9,
            status: 'published',
            bump: 'patch',
            tag: 'v1.4.2',
            approvedBy: 'U0OTHER',
            releaseUrl: 'https://github.com/acme/widget/releases/tag/v1.4.2',
            createdAt: '2026-02-01T10:00:00.000Z',
          }),
        ]),
      ),
    ).toMatchSnapshot('history');
  });

  it('release-train card and summary', () => {
    expect(valid(batchCard({ batch: batch(), members }))).toMatchSnapshot('proposed');
    expect(valid(batchCard({ batch: batch({ id: 0, messageTs: null }), members, dryRun: true }))).toMatchSnapshot('dry run');
    const running = [
      member(21, 'connector-bar', { status: 'notified', releaseUrl: 'https://github.com/acme/connector-bar/releases/tag/1.0.1' }),
      member(22, 'connector-foo', { status: 'tagged' }),
      member(24, 'connector-qux', {
        status: 'failed',
        error: 'GitHub did not answer the publish step (503: Service Unavailable), for 120 s. Press Retry once GitHub is back.',
      }),
    ];
    expect(valid(batchCard({ batch: batch({ status: 'running', approvedBy: 'U0APPROVER', forcedBump: 'patch' }), members: running }))).toMatchSnapshot(
      'running, one failed',
    );
    const done = running.map((m) => (m.status === 'tagged' ? { ...m, status: 'notified' as const } : m));
    expect(valid(batchCard({ batch: batch({ status: 'done', approvedBy: 'U0APPROVER' }), members: done }))).toMatchSnapshot('done, with Retry failed');
    expect(
      valid(
        batchCard({
          batch: batch({ status: 'cancelled', trigger: 'push', requestedBy: null }),
          members: members.map((m) => (m.status === 'proposed' ? { ...m, status: 'cancelled' as const } : m)),
        }),
      ),
    ).toMatchSnapshot('cancelled');
    const many = Array.from({ length: 25 }, (_, i) => member(100 + i, `connector-${String(i).padStart(2, '0')}`));
    expect(valid(batchCard({ batch: batch({ leftOut: [] }), members: many, page: 1 }))).toMatchSnapshot('second page of 25 connectors');
    expect(valid(batchSummary(batch({ status: 'done' }), done))).toMatchSnapshot('summary');
  });

  it('rollout message, in each status, and under a release', () => {
    expect(valid(rolloutMessage(view(rollout({ needsApproval: true }))))).toMatchSnapshot('waiting for approval');
    expect(valid(rolloutMessage(view(rollout({ status: 'held' }), { pin })))).toMatchSnapshot('held while pinned');
    expect(
      valid(rolloutMessage(view(rollout({ status: 'deploying', approvedBy: 'U0APPROVER', startedAt: finished.startedAt }), { deployer: 'gitops' }))),
    ).toMatchSnapshot('deploying');
    expect(
      valid(rolloutMessage(view(rollout({ status: 'deployed', attempts: 2, result: 'commit 4f2a1b9 on acme/deployments', ...finished })))),
    ).toMatchSnapshot('deployed');
    expect(valid(rolloutMessage(view(rollout({ status: 'failed', attempts: 3, error: 'the deploy hook answered 409', ...finished }))))).toMatchSnapshot(
      'failed, with Retry',
    );
    const back = rollout({
      id: 8,
      kind: 'rollback',
      source: 'slack',
      version: '1.3.0',
      image: 'ghcr.io/acme/connector-foo:1.3.0',
      status: 'deployed',
      requestedBy: 'U0APPROVER',
      rollbackOf: 7,
      ...finished,
    });
    expect(valid(rolloutMessage(view(rollout({ status: 'rolled_back', ...finished }), { other: back })))).toMatchSnapshot('rolled back');
    expect(valid(rolloutMessage(view(back, { pin, other: rollout({ status: 'rolled_back' }) })))).toMatchSnapshot('a rollback, deployed');
    expect(valid(rolloutMessage(view(rollout({ source: 'github-package' }), { deployer: null })))).toMatchSnapshot('from GitHub Packages, no deployer');
    const inThread = rollout({ ownMessage: false, releaseId: 12, version: '1.5.0', image: 'ghcr.io/acme/widget:1.5.0', status: 'deploying' });
    expect(valid(withRollout(releaseMessage(released), view(inThread)))).toMatchSnapshot('a release message with its rollout');
  });

  it('rollout replies and /deploy answers', () => {
    expect(valid(rolloutReply(view(rollout())))).toMatchSnapshot('received');
    expect(valid(rolloutReply(view(rollout({ needsApproval: true, source: 'github-package' }))))).toMatchSnapshot('received, waiting for approval');
    expect(valid(rolloutReply(view(rollout({ status: 'held' }), { pin })))).toMatchSnapshot('held');
    expect(valid(rolloutReply(view(rollout({ status: 'deploying' }))))).toMatchSnapshot('deploying');
    const back = rollout({
      id: 8,
      kind: 'rollback',
      source: 'slack',
      version: '1.3.0',
      image: 'ghcr.io/acme/connector-foo:1.3.0',
      status: 'deploying',
      requestedBy: 'U0APPROVER',
      rollbackOf: 7,
    });
    expect(valid(rolloutReply(view(back, { pin, other: rollout({ status: 'deployed' }) })))).toMatchSnapshot('rolling back');
    expect(
      valid(rolloutReply(view(rollout({ status: 'deployed', attempts: 1, result: 'HTTP 202 from https://deploy.test/hooks', ...finished })))),
    ).toMatchSnapshot('deployed');
    expect(valid(rolloutReply(view(rollout({ status: 'failed', attempts: 1, error: 'socket hang up', ...finished }))))).toMatchSnapshot('failed');
    expect(valid(rolloutReply(view(rollout({ status: 'rolled_back', ...finished }), { other: { ...back, status: 'deployed' } })))).toMatchSnapshot(
      'rolled back',
    );
    expect(valid(unpinNotice('connector-foo', 'U0APPROVER'))).toMatchSnapshot('unpinned');

    const texts = {
      'not-allowed': rolloutDecisionText({ kind: 'not-allowed' }),
      unknown: rolloutDecisionText({ kind: 'unknown' }),
      'not-startable': rolloutDecisionText({ kind: 'not-startable', rollout: rollout({ status: 'rolled_back' }) }),
      busy: rolloutDecisionText({ kind: 'busy', inFlight: rollout({ status: 'deploying' }) }),
    };
    expect(texts).toMatchSnapshot('rollout decisions');
    const r = rollout({ status: 'deploying' });
    expect({
      'not-allowed': deployCommandText({ kind: 'not-allowed' }),
      'unknown-connector': deployCommandText({ kind: 'unknown-connector', connectorId: 'connector-nope' }),
      'unknown-version': deployCommandText({ kind: 'unknown-version', connectorId: 'connector-foo', version: '9.9.9', known: ['1.4.0', '1.3.0'] }),
      busy: deployCommandText({ kind: 'busy', inFlight: r }),
      deploying: deployCommandText({ kind: 'deploying', rollout: r, pin }),
      'rolling-back': deployCommandText({ kind: 'rolling-back', rollout: rollout({ id: 8, kind: 'rollback', version: '1.3.0' }), from: r }),
      'nothing-deployed': deployCommandText({ kind: 'nothing-deployed', connectorId: 'connector-foo' }),
      'no-previous': deployCommandText({ kind: 'no-previous', current: rollout({ status: 'deployed' }) }),
      'not-pinned': deployCommandText({ kind: 'not-pinned', connectorId: 'connector-foo' }),
      unpinned: deployCommandText({ kind: 'unpinned', connectorId: 'connector-foo', held: rollout({ id: 9, version: '1.5.0', status: 'held' }) }),
    }).toMatchSnapshot('/deploy answers');
  });

  it('outcome texts', () => {
    expect({
      'unknown-repo': proposalOutcomeText('wigdet', { kind: 'unknown-repo' }, 'acme'),
      archived: proposalOutcomeText('old-thing', { kind: 'archived' }, 'acme'),
      excluded: proposalOutcomeText('infra-terraform', { kind: 'excluded' }, 'acme'),
      'nothing-to-release': proposalOutcomeText('widget', { kind: 'nothing-to-release', detail: 'no commits since v1.4.2' }, 'acme'),
      'not-allowed': decisionOutcomeText({ kind: 'not-allowed', why: 'not-an-approver' }, 'approve releases'),
      unknown: decisionOutcomeText({ kind: 'unknown' }, 'approve releases'),
      'not-proposed': decisionOutcomeText({ kind: 'not-proposed', release: approved }, 'approve releases'),
      busy: decisionOutcomeText({ kind: 'busy', inFlight: tagged }, 'approve releases'),
      'batch not-allowed': batchDecisionText({ kind: 'not-allowed', why: 'not-an-approver' }, 'approve release trains'),
      'batch unknown': batchDecisionText({ kind: 'unknown' }, 'approve release trains'),
      'batch not-open': batchDecisionText({ kind: 'not-open', batch: batch({ status: 'running', approvedBy: 'U0APPROVER' }) }, 'approve release trains'),
      'nothing to release': nothingToReleaseText(batch().leftOut),
      'nothing at all': nothingToReleaseText([]),
    }).toMatchSnapshot();
  });

  it('the Slack narrator tells each view model', () => {
    const v = view(rollout({ ownMessage: false, releaseId: 12, status: 'deployed', attempts: 1, ...finished }));
    expect({
      releaseParent: valid(slackNarrator.releaseParent(approved)),
      releaseParentWithRollout: valid(slackNarrator.releaseParent(released, v)),
      replies: [
        slackNarrator.releaseReply(approved, { kind: 'approved' }),
        slackNarrator.releaseReply(tagged, { kind: 'tagged', found: false }),
        slackNarrator.releaseReply(released, { kind: 'published', existed: false }),
        slackNarrator.releaseReply(failed, { kind: 'failed' }),
        slackNarrator.releaseReply(release({ status: 'skipped' }), { kind: 'skipped', by: 'U0APPROVER' }),
        slackNarrator.releaseReply(release(), { kind: 'bump-changed', by: 'U0APPROVER' }),
        slackNarrator.releaseReply(approved, { kind: 'retried', by: 'U0APPROVER' }),
      ].map(valid),
      releaseNotice: valid(slackNarrator.releaseNotice(released)),
      batchCard: valid(slackNarrator.batchCard({ batch: batch(), members })),
      batchReplies: [
        slackNarrator.batchReply(batch(), { kind: 'approved', by: 'U0APPROVER', started: 2, busy: 0 }),
        slackNarrator.batchReply(batch(), { kind: 'approved', by: 'U0APPROVER', started: 1, busy: 1 }),
        slackNarrator.batchReply(batch(), { kind: 'retried', by: 'U0APPROVER', count: 1 }),
        slackNarrator.batchReply(batch(), { kind: 'retried', by: 'U0APPROVER', count: 3 }),
      ].map(valid),
      batchSummary: valid(slackNarrator.batchSummary(batch({ status: 'done' }), members)),
      rolloutParent: valid(slackNarrator.rolloutParent(view(rollout()))),
      rolloutReply: valid(slackNarrator.rolloutReply(v)),
      unpinned: valid(slackNarrator.unpinned('connector-foo', 'U0APPROVER')),
    }).toMatchSnapshot();
  });

  // Found while writing the snapshots above; these say what the messages should say.
  it('says "1 connector", not "1 connectors", when one connector of a train started', () => {
    expect(slackNarrator.batchReply(batch(), { kind: 'approved', by: 'U0APPROVER', started: 1, busy: 1 }).text).toBe(
      ':thumbsup: <@U0APPROVER> approved the release train: 1 connector. 1 could not start (another release in flight).',
    );
  });

  it("counts a cancelled train's bumps the way it counts its connectors", () => {
    const cancelled = members.map((m) => (m.status === 'proposed' ? { ...m, status: 'cancelled' as const } : m));
    const text = JSON.stringify(batchCard({ batch: batch({ status: 'cancelled' }), members: cancelled }).blocks);
    const [, counted, major, minor, patch] = /\*(\d+)\* to release \((\d+) major, (\d+) minor, (\d+) patch\)/.exec(text)!;
    expect(Number(major) + Number(minor) + Number(patch)).toBe(Number(counted));
  });
});

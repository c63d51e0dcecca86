import { describe, expect, it } from 'vitest';
import { batchCard, BATCH_PAGE_SIZE } from '../../../src/slack/blocks/batch-card.js';
import { validateBlocks } from '../../../src/sandbox/slack/validate-blocks.js';
import type { Batch } from '../../../src/domain/batch.js';
import type { Release } from '../../../src/domain/release.js';
import type { ReleaseStatus } from '../../../src/domain/release-status.js';

const batch = (over: Partial<Batch> = {}): Batch => ({
  id: 7,
  status: 'proposed',
  forcedBump: null,
  channel: 'C1',
  messageTs: '1.1',
  trigger: 'command',
  requestedBy: 'U1',
  policy: null,
  approvals: [],
  approvedBy: null,
  cardPage: 0,
  createdAt: '',
  updatedAt: '',
  leftOut: Array.from({ length: 300 }, (_, i) => ({ repo: `connector-old-${i}`, reason: i % 3 ? 'up-to-date' : 'archived' })),
  ...over,
});

const member = (i: number, status: ReleaseStatus = 'proposed'): Release => ({
  id: i + 1,
  repo: `connector-${'x'.repeat(40)}-${i}`,
  status,
  sha: 'a'.repeat(40),
  defaultBranch: 'main',
  repoUrl: 'https://github.test/acme/c',
  tagPrefix: '',
  currentTag: '1.2.3',
  currentVersion: '1.2.3',
  lastPrerelease: null,
  highestStable: '1.2.3',
  line: 'default',
  repoFile: null,
  ignoredTags: [{ tag: '1.10.0-rc.1', because: 'prerelease' }],
  suggestedBump: 'minor',
  bump: 'minor',
  pre: null,
  draft: false,
  nextVersion: '1.3.0',
  tag: '1.3.0',
  commits: Array.from({ length: 3 }, (_, j) => ({
    sha: `${j}`,
    title: 't',
    type: 'feat',
    scope: null,
    subject: 't',
    breaking: false,
    breakingNote: null,
    bump: 'minor',
  })),
  reason: { kind: 'none' },
  notesMode: 'conventional',
  channel: 'C1',
  messageTs: null,
  trigger: 'batch',
  requestedBy: 'U1',
  pushedBy: null,
  policy: null,
  checks: null,
  approvals: [],
  batchId: 7,
  approvedBy: null,
  tagObjectSha: null,
  reportedStatus: null,
  releaseId: null,
  releaseUrl: null,
  error: status === 'failed' ? `GitHub said no ${'because '.repeat(100)}` : null,
  createdAt: '',
  updatedAt: '',
});

describe('the release-train card', () => {
  it('stays within Slack limits for 500 connectors, on every page and in every state', () => {
    const statuses: ReleaseStatus[] = ['proposed', 'approved', 'tagged', 'notified', 'failed', 'skipped'];
    for (const status of ['proposed', 'running', 'done'] as const) {
      const members = Array.from({ length: 500 }, (_, i) =>
        member(i, status === 'proposed' ? (i % 7 ? 'proposed' : 'skipped') : statuses[i % statuses.length]),
      );
      for (const page of [0, 1, 12, 24]) {
        const card = batchCard({ batch: batch({ status }), members, page });
        expect(validateBlocks(card.blocks!)).toEqual([]);
        expect(card.blocks!.length).toBeLessThanOrEqual(50);
        expect(JSON.stringify(card).length).toBeLessThan(40_000);
      }
    }
  });

  it('pages the connectors and offers approve, cancel and per-connector menus only while proposed', () => {
    const members = Array.from({ length: 45 }, (_, i) => member(i));
    const first = JSON.stringify(batchCard({ batch: batch(), members }).blocks);
    expect(first).toContain('batch_approve');
    expect(first).toContain('batch_page_next');
    expect(first).not.toContain('batch_page_prev');
    expect(first.match(/batch_member_\d+/g)).toHaveLength(BATCH_PAGE_SIZE);
    const last = JSON.stringify(batchCard({ batch: batch(), members, page: 2 }).blocks);
    expect(last).toContain('Connectors 41–45 of 45');
    const dry = JSON.stringify(batchCard({ batch: batch(), members, dryRun: true }).blocks);
    expect(dry).not.toMatch(/batch_approve|batch_member_|batch_page/);
    const done = JSON.stringify(batchCard({ batch: batch({ status: 'done' }), members: [member(1, 'notified'), member(2, 'failed')] }).blocks);
    expect(done).toContain('batch_retry');
    expect(done).not.toContain('batch_approve');
  });
});

describe('batchCard pacing and ETA', () => {
  const text = (m: { blocks?: unknown }) => JSON.stringify(m.blocks);

  it("warns before approval when GitHub's hourly limit will make the train wait", async () => {
    const { trainPace } = await import('../../../src/domain/train-pace.js');
    const members = Array.from({ length: 3 }, (_, i) => member(i));
    const small = batchCard({ batch: batch(), members, pace: trainPace(400, { writesPerMinute: 80, writesPerHour: 500 }) });
    expect(text(small)).toContain('400 writes to GitHub: about 5 min.');
    const big = batchCard({ batch: batch(), members, pace: trainPace(600, { writesPerMinute: 80, writesPerHour: 500 }) });
    expect(text(big)).toContain("600 writes to GitHub: about 6 min, then waits for GitHub's hourly limit (about 1 h 1 min in all).");
  });

  it('shows the time left while the train runs, and none once it is done', () => {
    const members = [member(0, 'notified'), member(1, 'approved'), member(2, 'approved')];
    expect(text(batchCard({ batch: batch({ status: 'running' }), members, etaSeconds: 150 }))).toContain('2 to go · about 3 min left');
    expect(text(batchCard({ batch: batch({ status: 'running' }), members, etaSeconds: 20 }))).toContain('about 20 s left');
    expect(text(batchCard({ batch: batch({ status: 'done' }), members: [member(0, 'notified')], etaSeconds: 20 }))).not.toContain('left');
  });
});

import { describe, expect, it } from 'vitest';
import { releaseMessage } from '../../../src/slack/blocks/release-message.js';
import { historyMessage, releaseNotice } from '../../../src/slack/blocks/release-replies.js';
import { validateBlocks } from '../../../src/sandbox/slack/validate-blocks.js';
import { findMentions } from '../../../src/sandbox/slack/find-mentions.js';
import type { Release } from '../../../src/domain/release.js';
import type { ReleaseStatus } from '../../../src/domain/release-status.js';

const hostile = `<!channel> <!here> <@U123> & <https://evil.example|click> ${'x'.repeat(5000)}`;

const release = (over: Partial<Release> = {}): Release => ({
  id: 1,
  repo: `widget-${'r'.repeat(120)}`,
  status: 'proposed',
  sha: 'a'.repeat(40),
  defaultBranch: hostile.slice(0, 200),
  repoUrl: 'https://github.test/acme/widget',
  tagPrefix: 'v',
  currentTag: 'v1.2.3',
  currentVersion: '1.2.3',
  lastPrerelease: null,
  highestStable: '3.0.0',
  line: 'default',
  repoFile: null,
  ignoredTags: Array.from({ length: 40 }, (_, i) => ({ tag: `v3.0.${i}-${hostile.slice(0, 60)}`, because: i % 2 ? 'prerelease' : 'not-ancestor' })),
  suggestedBump: 'major',
  bump: 'patch',
  pre: null,
  draft: false,
  nextVersion: '1.2.4',
  tag: 'v1.2.4',
  commits: Array.from({ length: 300 }, (_, i) => ({
    sha: `${i}`.padStart(40, '0'),
    title: `${hostile} ${i}`,
    type: 'fix',
    scope: null,
    subject: hostile,
    breaking: false,
    breakingNote: null,
    bump: 'patch',
    author: hostile,
  })),
  reason: { kind: 'commit', sha: 'b'.repeat(40), title: hostile, because: 'breaking' },
  notesMode: 'conventional',
  channel: 'C1',
  messageTs: '1.1',
  trigger: 'push',
  requestedBy: null,
  pushedBy: null,
  policy: null,
  checks: null,
  approvals: [],
  batchId: null,
  approvedBy: 'U0APPROVER',
  tagObjectSha: null,
  reportedStatus: null,
  releaseId: null,
  releaseUrl: 'https://github.test/r/1',
  error: hostile,
  createdAt: '2026-11-21T00:00:00Z',
  updatedAt: '',
  ...over,
});

describe('release messages', () => {
  it('stay within Slack limits and ping nobody whatever the commits say, in every status', () => {
    for (const status of ['proposed', 'approved', 'tagged', 'published', 'notified', 'failed', 'skipped', 'cancelled'] as ReleaseStatus[]) {
      const msg = releaseMessage(release({ status }));
      expect(validateBlocks(msg.blocks!), status).toEqual([]);
      const mrkdwn = JSON.stringify(msg.blocks);
      expect(
        findMentions({ text: msg.text, blocks: msg.blocks as never }).filter((m) => !m.includes('U0APPROVER')),
        status,
      ).toEqual([]);
      expect(mrkdwn).not.toContain('<!channel>');
    }
    for (const msg of [
      releaseNotice(release()),
      historyMessage(
        'widget',
        Array.from({ length: 10 }, () => release({ status: 'notified' })),
      ),
    ]) {
      expect(validateBlocks(msg.blocks!)).toEqual([]);
    }
  });

  it('shows the CI state of the proposed commit in each gate state, escaped and within limits', () => {
    const item = (name: string, state: 'passed' | 'pending' | 'failed', url: string | null = `https://ci.test/${name}`) => ({ name, state, url });
    const checks = (items: ReturnType<typeof item>[], verdict: 'go' | 'wait' | 'block') => ({
      summary: {
        checks: items,
        passed: items.filter((c) => c.state === 'passed').length,
        pending: items.filter((c) => c.state === 'pending').length,
        failed: items.filter((c) => c.state === 'failed').length,
      },
      verdict,
      readAt: '',
      source: 'gate' as const,
      toldWaiting: verdict === 'wait',
    });
    const text = (r: Partial<Release>) => JSON.stringify(releaseMessage(release({ error: 'x', ...r })).blocks);
    const green = checks([item('build', 'passed'), item('lint', 'passed')], 'go');
    expect(text({ checks: green })).toContain('*Checks* (required before the tag): :white_check_mark: 2 passed');
    const pending = checks([item('build', 'passed'), item('e2e', 'pending')], 'wait');
    expect(text({ checks: pending })).toContain(':white_check_mark: 1 passed · :hourglass_flowing_sand: 1 running (<https://ci.test/e2e|e2e>)');
    expect(text({ checks: pending, status: 'approved' })).toContain('waiting for the checks of `aaaaaaa` to pass before tagging');
    expect(text({ checks: checks([], 'wait') })).toContain('no checks reported yet');
    const red = checks(
      [item('<!channel>', 'failed', null), item('lint', 'failed'), ...Array.from({ length: 300 }, (_, i) => item(`job-${i}`, 'passed'))],
      'block',
    );
    const shown = text({ checks: red, status: 'failed' });
    expect(shown).toContain(':x: &lt;!channel&gt;, <https://ci.test/lint|lint> failed');
    expect(shown).toContain(':white_check_mark: 300 passed');
    expect(validateBlocks(releaseMessage(release({ checks: red })).blocks!)).toEqual([]);
  });

  it('shows the commits cut with "and N more", the reason, and the warning for a lower bump', () => {
    const text = JSON.stringify(releaseMessage(release()).blocks);
    expect(text).toMatch(/and 2\d\d more/);
    expect(text).toContain('is lower than the commits call for');
    expect(text).toContain('a breaking change');
  });
});

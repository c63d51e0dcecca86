import { describe, expect, it } from 'vitest';
import { freezeNoticeMessage, freezeReplies } from '../../../src/slack/blocks/freeze-text.js';
import { releaseAnywayModal } from '../../../src/slack/blocks/release-anyway-modal.js';
import { releaseMessage } from '../../../src/slack/blocks/release-message.js';
import { previewRelease } from '../../../src/domain/release.js';
import type { Freeze } from '../../../src/domain/freeze-window.js';
import { validateBlocks } from '../../../src/sandbox/slack/validate-blocks.js';
import { validateView } from '../../../src/sandbox/slack/validate-view.js';
import { findMentions } from '../../../src/sandbox/slack/find-mentions.js';

const hostile = `<!channel> & <https://evil.example|click> ${'x'.repeat(400)}`;
const adHoc: Freeze = { id: 'adhoc-1', reason: 'incident 42', until: null, source: 'ad-hoc', by: 'U0ONCALL', scope: 'all' };
const weekend: Freeze = {
  id: '2026-03-27T15:00:00.000Z/2026-03-30T06:00:00.000Z',
  reason: 'no weekend releases',
  until: '2026-03-30T06:00:00.000Z',
  source: 'scheduled',
  by: null,
  scope: 'all',
};

const proposal = previewRelease(
  {
    repo: 'widget',
    sha: 'a'.repeat(40),
    defaultBranch: 'main',
    repoUrl: 'https://github.test/acme/widget',
    tagPrefix: 'v',
    currentTag: 'v1.2.3',
    currentVersion: '1.2.3',
    lastPrerelease: null,
    highestStable: '1.2.3',
    ignoredTags: [],
    line: 'default',
    suggestedBump: 'minor',
    bump: 'minor',
    pre: null,
    draft: false,
    nextVersion: '1.3.0',
    tag: 'v1.3.0',
    commits: [],
    reason: { kind: 'default', bump: 'patch' },
    notesMode: 'conventional',
    channel: 'C1',
    trigger: 'push',
    batchId: null,
    requestedBy: null,
  },
  7,
);

describe('freeze messages', () => {
  it('say when a freeze starts and ends, with the date in the reader’s time zone', () => {
    expect(freezeNoticeMessage({ event: 'started', freeze: adHoc })).toMatchSnapshot();
    expect(freezeNoticeMessage({ event: 'started', freeze: weekend }).text).toContain(
      'until <!date^1774850400^{date_short_pretty} {time}|2026-03-30T06:00:00Z>',
    );
    expect(freezeNoticeMessage({ event: 'ended', freeze: adHoc, by: 'U0APPROVER' })).toMatchSnapshot();
  });

  it('show a frozen proposal and a held release with Release anyway, within Slack limits and pinging nobody', () => {
    const frozen = releaseMessage({ ...proposal, frozen: { ...adHoc, reason: hostile } });
    const held = releaseMessage({ ...proposal, status: 'approved', approvedBy: 'U0APPROVER', frozen: weekend });
    for (const m of [frozen, held]) {
      expect(validateBlocks(m.blocks!)).toEqual([]);
      expect(JSON.stringify(m.blocks)).toContain('"action_id":"release_anyway"');
      expect(findMentions({ text: m.text, blocks: m.blocks as never }).filter((x) => x !== '<@U0APPROVER>')).toEqual([]);
    }
    expect(held).toMatchSnapshot();
    const released = releaseMessage({
      ...proposal,
      status: 'notified',
      bypasses: [{ by: 'U0ONCALL', reason: 'the fix for incident 42', what: ['freeze'], at: '' }],
    });
    expect(JSON.stringify(released.blocks)).not.toContain('release_anyway');
    expect(JSON.stringify(released.blocks)).toContain('Released anyway by <@U0ONCALL> past the freeze: the fix for incident 42');
  });

  it('thread replies: held, released anyway, a rollout held', () => {
    expect(freezeReplies.held(adHoc).text).toBe(
      ':snowflake: Approved, and held by the freeze: incident 42 (until `/release unfreeze`). It goes on by itself when the freeze ends; someone of `breakGlass` can click *Release anyway*.',
    );
    expect(freezeReplies.bypassed('U0ONCALL', hostile, ['freeze', 'checks']).text).toMatch(
      /^:rotating_light: <@U0ONCALL> released this anyway, past the freeze and the checks: &lt;!channel&gt;/,
    );
    expect(freezeReplies.rolloutFrozen('ghcr.io/acme/connector-foo:2.0.0', weekend)).toMatchSnapshot();
  });

  it('the break-glass modal passes views.open’s checks', () => {
    const modal = releaseAnywayModal({ id: 7, repo: `widget-${'r'.repeat(300)}`, tag: 'v1.3.0' }, ['freeze']);
    expect(validateView(modal)).toEqual([]);
    expect(modal).toMatchSnapshot();
  });
});

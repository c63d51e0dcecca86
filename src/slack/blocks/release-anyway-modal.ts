import type { ModalView } from '@slack/types';
import type { Gate } from '../../domain/bypass.js';
import type { Release } from '../../domain/release.js';
import { truncate } from '../../domain/truncate.js';
import { VIEWS } from '../action-ids.js';
import { gateList } from './freeze-text.js';
import { code, section } from './mrkdwn.js';

/** Modal limits, https://docs.slack.dev/reference/views/modal-views: a title, submit and close of 24 characters at most. */
const TITLE_MAX = 24;

/**
 * Break-glass asks why before it releases past a gate: a modal with one required input; the
 * release rides in `private_metadata`, read back on submission.
 */
export function releaseAnywayModal(r: Pick<Release, 'id' | 'repo' | 'tag'>, what: readonly Gate[], channel?: string): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.releaseAnyway,
    private_metadata: JSON.stringify({ releaseId: r.id, ...(channel ? { channel } : {}) }),
    title: { type: 'plain_text', text: truncate('Release anyway', TITLE_MAX) },
    submit: { type: 'plain_text', text: 'Release anyway' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(
        `${code(`${r.repo} ${r.tag}`)} is held by ${gateList(what)}. Releasing it anyway is recorded with your name and reason, in its thread and in the audit log.`,
      ),
      {
        type: 'input',
        block_id: VIEWS.reasonBlock,
        label: { type: 'plain_text', text: 'Why must it go now?' },
        element: {
          type: 'plain_text_input',
          action_id: VIEWS.reasonInput,
          multiline: true,
          max_length: 1000,
          placeholder: { type: 'plain_text', text: 'The fix for incident 42 (customer data at risk)' },
        },
      },
    ],
  };
}

/** The release a submitted modal is about, and the channel to answer in, from its `private_metadata`. */
export function readReleaseAnyway(privateMetadata: string): { releaseId: number | null; channel: string | undefined } {
  try {
    const m = JSON.parse(privateMetadata) as { releaseId?: unknown; channel?: unknown };
    return { releaseId: typeof m.releaseId === 'number' ? m.releaseId : null, channel: typeof m.channel === 'string' ? m.channel : undefined };
  } catch {
    return { releaseId: null, channel: undefined };
  }
}

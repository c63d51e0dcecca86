import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { ReleaseRunner } from '../../workflows/release-runner.js';
import { mayReleaseAnyway, releaseAnyway } from '../../workflows/release-anyway.js';
import { ACTIONS, VIEWS } from '../action-ids.js';
import { answerClick } from '../answer-click.js';
import { releaseAnywayModal, readReleaseAnyway } from '../blocks/release-anyway-modal.js';
import { releaseAnywayText } from '../blocks/freeze-answers.js';
import { errorText } from '../error-text.js';
import type { ListenerDeps } from '../listener-deps.js';

/**
 * Break-glass: **Release anyway** opens a modal asking why (its `trigger_id` lasts 3 seconds,
 * so the check before it is one lookup); the submission records the bypass and lets the
 * release go. Both are checked on the server; refusals are answered privately and audited.
 */
export function register(app: App, deps: ListenerDeps, runner: ReleaseRunner): void {
  app.action<BlockAction<ButtonAction>>(ACTIONS.releaseAnyway, async ({ ack, body, action }) => {
    await ack();
    const releaseId = Number(action.value);
    const channel = body.channel?.id ?? body.container?.channel_id;
    await answerClick(deps, body, {
      action: 'release anyway',
      decide: async () => {
        const o = await mayReleaseAnyway(deps, { releaseId, userId: body.user.id });
        if (o.kind !== 'may') return o;
        await deps.slack.openModal(body.trigger_id, releaseAnywayModal(o.release, o.what, channel));
        return { kind: 'done' as const };
      },
      refusal: releaseAnywayText,
    });
  });

  app.view(VIEWS.releaseAnyway, async ({ ack, body, view }) => {
    const reason = view.state.values[VIEWS.reasonBlock]?.[VIEWS.reasonInput]?.value?.trim() ?? '';
    // https://docs.slack.dev/surfaces/modals#displaying_errors: the modal stays open with the message under the input
    if (!reason) {
      await ack({ response_action: 'errors', errors: { [VIEWS.reasonBlock]: 'Say why it must go now: the reason is recorded.' } });
      return;
    }
    await ack();
    const { releaseId, channel } = readReleaseAnyway(view.private_metadata);
    let text: string | undefined;
    try {
      const o = releaseId === null ? ({ kind: 'unknown' } as const) : await releaseAnyway(deps, runner, { releaseId, userId: body.user.id, reason });
      if (o.kind !== 'done' && o.kind !== 'may') text = releaseAnywayText(o);
    } catch (error) {
      deps.logger.error({ err: error, releaseId, user: body.user.id }, 'release anyway failed');
      text = errorText(error, 'release anyway');
    }
    if (text && channel) await deps.slack.postEphemeral(channel, body.user.id, { text });
  });
}

import type { BlockAction } from '@slack/bolt';
import { errorText } from './error-text.js';
import type { ListenerDeps } from './listener-deps.js';

/**
 * Runs a click's use case after the ack and answers the person privately: with `refusal` when
 * the use case says nothing changed, or with the error catalogue's words when it threw (logged
 * once, with the action and the user). Nothing is said when it was done: the message updates.
 */
export async function answerClick<O extends { kind: string }>(
  deps: Pick<ListenerDeps, 'slack' | 'logger'>,
  body: BlockAction,
  o: { action: string; decide: () => Promise<O>; refusal: (outcome: Exclude<O, { kind: 'done' }>) => string },
): Promise<void> {
  let text: string | undefined;
  try {
    const outcome = await o.decide();
    if (outcome.kind !== 'done') text = o.refusal(outcome as Exclude<O, { kind: 'done' }>);
  } catch (error) {
    deps.logger.error({ err: error, action: o.action, user: body.user.id }, 'a click failed');
    text = errorText(error, o.action);
  }
  const channel = body.channel?.id ?? body.container?.channel_id;
  if (text && channel) await deps.slack.postEphemeral(channel, body.user.id, { text });
}

import type { RespondArguments, RespondFn } from '@slack/bolt';
import { connectorStatus } from '../../workflows/connector-status.js';
import { driftMessages } from '../blocks/drift-message.js';
import { errorText } from '../error-text.js';
import type { ListenerDeps } from '../listener-deps.js';

/** Slack takes five answers on a command's response_url: https://docs.slack.dev/interactivity/handling-user-interaction#message_responses */
const RESPONSES = 5;

/** `/connectors status`: acked at once (the sweep takes a few GraphQL requests), then the pages, in the channel unless `--private`. */
export async function answerStatus(
  deps: ListenerDeps,
  isPrivate: boolean,
  slack: { ack: (a: RespondArguments) => Promise<void>; respond: RespondFn },
  user: string,
): Promise<void> {
  await slack.ack({ response_type: 'ephemeral', text: 'Looking at every connector…' });
  try {
    const pages = driftMessages(await connectorStatus(deps, new Date()), RESPONSES);
    for (const page of pages) await slack.respond({ response_type: isPrivate ? 'ephemeral' : 'in_channel', ...page });
  } catch (error) {
    deps.logger.error({ err: error, command: '/connectors status', user }, '/connectors status failed');
    await slack.respond({ response_type: 'ephemeral', text: errorText(error, 'read the connectors') });
  }
}

import { randomBytes } from 'node:crypto';
import { interactiveElements, type FoundElement } from './find-action-element.js';
import { isRecord } from './is-record.js';
import type { Block, Person } from './types.js';
import type { Workspace } from './workspace.js';

/** Slack's (deprecated) verification token, still present in every payload. */
export const VERIFICATION_TOKEN = 'sandboxVerificationToken';

interface Common {
  ws: Workspace;
  user: Person;
  channel: { id: string; name: string };
  responseUrl: string;
}

// https://docs.slack.dev/interactivity/implementing-slash-commands#app_command_handling
export function buildSlashCommandPayload(a: Common & { command: string; text: string }): Record<string, string> {
  return {
    token: VERIFICATION_TOKEN,
    team_id: a.ws.teamId,
    team_domain: a.ws.teamDomain,
    channel_id: a.channel.id,
    channel_name: a.channel.name,
    user_id: a.user.id,
    user_name: a.user.name,
    command: a.command,
    text: a.text,
    api_app_id: a.ws.appId,
    is_enterprise_install: 'false',
    response_url: a.responseUrl,
    trigger_id: triggerId(),
  };
}

export interface BlockActionsInput extends Common {
  /** The clicked element and its block. */
  found: FoundElement;
  /** For a select or overflow: the chosen option, taken from the element. */
  selectedOption?: Record<string, unknown>;
  container: { messageTs: string; isEphemeral: boolean; threadTs?: string };
  /** The full message as the API returns it; Slack leaves it out for ephemeral messages. */
  message?: Record<string, unknown>;
  blocks: Block[] | undefined;
  /** This user's current choices in the message's selects, by action_id. */
  selections: Map<string, Record<string, unknown>>;
}

// https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_submission
export function buildViewSubmissionPayload(a: { ws: Workspace; user: Person; view: Record<string, unknown> }): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: a.ws.teamId, domain: a.ws.teamDomain },
    user: { id: a.user.id, username: a.user.name, name: a.user.name, team_id: a.ws.teamId },
    api_app_id: a.ws.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: triggerId(),
    view: a.view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

// https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
export function buildBlockActionsPayload(a: BlockActionsInput): Record<string, unknown> {
  const { element, blockId } = a.found;
  const action: Record<string, unknown> = {
    type: element.type,
    action_id: element.action_id,
    block_id: blockId,
    action_ts: actionTs(),
  };
  if (element.type === 'button') {
    action.text = element.text;
    for (const key of ['value', 'style', 'url'] as const) if (element[key] !== undefined) action[key] = element[key];
  } else {
    action.selected_option = a.selectedOption;
    if (element.placeholder !== undefined) action.placeholder = element.placeholder;
  }
  return {
    type: 'block_actions',
    user: { id: a.user.id, username: a.user.name, name: a.user.name, team_id: a.ws.teamId },
    api_app_id: a.ws.appId,
    token: VERIFICATION_TOKEN,
    container: {
      type: 'message',
      message_ts: a.container.messageTs,
      channel_id: a.channel.id,
      is_ephemeral: a.container.isEphemeral,
      ...(a.container.threadTs !== undefined ? { thread_ts: a.container.threadTs } : {}),
    },
    trigger_id: triggerId(),
    team: { id: a.ws.teamId, domain: a.ws.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: a.channel.id, name: a.channel.name },
    ...(a.message ? { message: a.message } : {}),
    state: { values: stateValues(a.blocks, a.selections) },
    response_url: a.responseUrl,
    actions: [action],
  };
}

/** What Slack reports of the message's stateful elements: each select with its current choice. */
function stateValues(blocks: Block[] | undefined, selections: Map<string, Record<string, unknown>>): Record<string, unknown> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const { blockId, element } of interactiveElements(blocks)) {
    if (element.type !== 'static_select') continue;
    const actionId = String(element.action_id);
    const chosen = selections.get(actionId) ?? (isRecord(element.initial_option) ? element.initial_option : null);
    values[blockId] = { ...values[blockId], [actionId]: { type: 'static_select', selected_option: chosen } };
  }
  return values;
}

export function triggerId(): string {
  return `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`;
}

function actionTs(): string {
  return (Date.now() / 1000).toFixed(6);
}

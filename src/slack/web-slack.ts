import { webApi } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ModalView } from '@slack/types';

// Bolt's own copy of @slack/web-api (a dependency of Bolt, not of ours): the error codes its client throws.
const { ErrorCode } = webApi;
import { SlackSendError, type SendOptions, type SlackMessage, type SlackPort } from './slack-port.js';

/** https://docs.slack.dev/messaging/message-metadata: what the bot's messages carry. */
export const METADATA_EVENT_TYPE = 'release_bot';
const metadata = (o?: SendOptions) => (o?.key ? { metadata: { event_type: METADATA_EVENT_TYPE, event_payload: { key: o.key } } } : {});

// Errors that sending the same message again cannot fix; anything else is worth another try.
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'msg_too_long',
  'no_text',
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'thread_not_found',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'invalid_arguments',
  'restricted_action',
  'too_many_attachments',
  'duplicate_message_not_found',
]);
// Answers after which Slack may well have posted: https://docs.slack.dev/reference/methods/chat.postMessage#errors
const MAYBE_POSTED = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** A failed Web API call, for the metrics: the method and Slack's error code (or what stood for one). */
export type SlackErrorObserver = (method: string, error: string) => void;

/** The Slack port over a Web API client. */
export class WebSlack implements SlackPort {
  constructor(
    private readonly client: WebClient,
    private readonly onError: SlackErrorObserver = () => {},
  ) {}

  /** Runs one Web API call; a failure is told to `onError`, then classified for the outbox (the sends), or thrown as it came. */
  private async call<T>(method: string, run: () => Promise<T>, o: { classify: boolean } = { classify: true }): Promise<T> {
    try {
      return await run();
    } catch (error) {
      this.onError(method, errorCode(error));
      throw o.classify ? classify(error) : error;
    }
  }

  async postMessage(channel: string, message: SlackMessage, threadTs?: string, o?: SendOptions) {
    const res = await this.call('chat.postMessage', () =>
      this.client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...metadata(o),
      }),
    );
    return { ts: res.ts! };
  }

  async updateMessage(channel: string, ts: string, message: SlackMessage, o?: SendOptions) {
    await this.call('chat.update', () => this.client.chat.update({ channel, ts, text: message.text, blocks: message.blocks ?? [], ...metadata(o) }));
  }

  async postEphemeral(channel: string, user: string, message: SlackMessage) {
    await this.call('chat.postEphemeral', () => this.client.chat.postEphemeral({ channel, user, text: message.text, blocks: message.blocks }), {
      classify: false,
    });
  }

  // https://docs.slack.dev/reference/methods/views.open
  async openModal(triggerId: string, view: ModalView) {
    await this.client.views.open({ trigger_id: triggerId, view });
  }

  async usergroupMembers(groupId: string) {
    const res = await this.call('usergroups.users.list', () => this.client.usergroups.users.list({ usergroup: groupId }), { classify: false });
    return res.users ?? [];
  }

  /**
   * Reads the thread, or the channel's recent history, with `include_all_metadata` (metadata is
   * returned only then: https://docs.slack.dev/reference/methods/conversations.history). A message
   * the bot owes is recent, so two pages of the channel are enough.
   */
  async findByKey(channel: string, key: string, threadTs?: string): Promise<string | undefined> {
    let cursor: string | undefined;
    for (let page = 0; page < (threadTs ? 10 : 2); page += 1) {
      const res = await this.call(threadTs ? 'conversations.replies' : 'conversations.history', () =>
        threadTs
          ? this.client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) })
          : this.client.conversations.history({ channel, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) }),
      );
      const found = (res.messages ?? []).find((m) => {
        const meta = m.metadata as { event_type?: string; event_payload?: { key?: unknown } } | undefined;
        return meta?.event_type === METADATA_EVENT_TYPE && meta.event_payload?.key === key;
      });
      if (found?.ts) return found.ts;
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  }
}

/** Slack's own code for an `ok:false` answer (a known vocabulary: https://docs.slack.dev/reference/methods/chat.postMessage#errors), or a word for what happened instead. */
function errorCode(error: unknown): string {
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number };
  switch (e.code) {
    case ErrorCode.PlatformError:
      return /^[a-z_]{1,64}$/.test(e.data?.error ?? '') ? e.data!.error! : 'unknown';
    case ErrorCode.RateLimitedError:
      return 'ratelimited';
    case ErrorCode.HTTPError:
      return `http_${e.statusCode ?? 'unknown'}`;
    default:
      return 'request_error';
  }
}

function classify(error: unknown): SlackSendError {
  const e = error as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number; message?: string };
  const text = e.message ?? String(error);
  switch (e.code) {
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown';
      if (code === 'ratelimited') return new SlackSendError(text, true, false, undefined, { cause: error });
      return new SlackSendError(`Slack answered ${code}`, !PERMANENT.has(code), MAYBE_POSTED.has(code), undefined, { cause: error });
    }
    case ErrorCode.RateLimitedError:
      return new SlackSendError(text, true, false, (e.retryAfter ?? 1) * 1000, { cause: error });
    case ErrorCode.HTTPError:
      return new SlackSendError(text, true, (e.statusCode ?? 500) >= 500, undefined, { cause: error });
    default:
      // a dropped connection or a timeout: the request may have been taken
      return new SlackSendError(text, true, true, undefined, { cause: error });
  }
}

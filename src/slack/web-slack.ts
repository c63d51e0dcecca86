import type { WebClient } from '@slack/web-api';
import type { SlackMessage, SlackPort } from './slack-port.js';

/** The Slack port over the Web API client Bolt made. */
export class WebSlack implements SlackPort {
  constructor(private readonly client: WebClient) {}

  async postMessage(channel: string, message: SlackMessage, threadTs?: string) {
    const res = await this.client.chat.postMessage({
      channel, text: message.text, blocks: message.blocks as never, unfurl_links: false, unfurl_media: false, ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    return { ts: res.ts! };
  }

  async updateMessage(channel: string, ts: string, message: SlackMessage) {
    await this.client.chat.update({ channel, ts, text: message.text, blocks: (message.blocks ?? []) as never });
  }

  async postEphemeral(channel: string, user: string, message: SlackMessage) {
    await this.client.chat.postEphemeral({ channel, user, text: message.text, blocks: message.blocks as never });
  }

  async usergroupMembers(groupId: string) {
    const res = await this.client.usergroups.users.list({ usergroup: groupId });
    return res.users ?? [];
  }
}

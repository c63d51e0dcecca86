import pino from 'pino';
import { expect, it } from 'vitest';
import { OutboxSender } from '../../src/slack/outbox-sender.js';
import type { SlackMessage } from '../../src/slack/slack-port.js';
import { bothStores } from '../store/contract/backends.js';

/** Slack as the sender sees it: every call recorded, each post a new ts. */
function fakeSlack() {
  const calls: string[] = [];
  let next = 100;
  return {
    calls,
    postMessage: async (channel: string, message: SlackMessage, threadTs?: string) => {
      calls.push(`post ${channel} ${message.text}${threadTs ? ` in ${threadTs}` : ''}`);
      next += 1;
      return { ts: `${next}.000` };
    },
    updateMessage: async (channel: string, ts: string, message: SlackMessage) => {
      calls.push(`update ${channel} ${ts} ${message.text}`);
    },
    findByKey: async () => undefined,
  };
}

bothStores('the outbox sender over each queue', (fresh) => {
  it('sends what was owed, a thread in order: the parent, then its reply and update by its key', async () => {
    const { records, outboxQueue } = await fresh();
    const slack = fakeSlack();
    await records.outbox.owe({ key: 'release:1:proposal', lane: 'release:1', kind: 'post', channel: 'C1', message: { text: 'proposal' } });
    await records.outbox.owe({ lane: 'release:1', kind: 'post', channel: 'C1', refKey: 'release:1:proposal', message: { text: 'reply' } });
    await records.outbox.owe({ lane: 'release:1', kind: 'update', channel: 'C1', refKey: 'release:1:proposal', message: { text: 'approved' } });
    const sender = new OutboxSender({ outbox: outboxQueue, slack, logger: pino({ level: 'silent' }) });
    sender.start();
    await sender.drained();
    await sender.stop();
    expect(slack.calls).toEqual(['post C1 proposal', 'post C1 reply in 101.000', 'update C1 101.000 approved']);
    expect(await outboxQueue.backlog()).toMatchObject({ pending: 0, failed: 0 });
  });

  it('with pollMs, finds a message owed while it waited, though nobody woke it', async () => {
    const { records, outboxQueue } = await fresh();
    const slack = fakeSlack();
    const sender = new OutboxSender({ outbox: outboxQueue, slack, logger: pino({ level: 'silent' }), pollMs: 20 });
    sender.start();
    await sender.drained();
    await records.outbox.owe({ key: 'digest:2026-W22', lane: 'digest:2026-W22', kind: 'post', channel: 'C1', message: { text: 'digest' } });
    await expect.poll(() => slack.calls, { timeout: 5000 }).toEqual(['post C1 digest']);
    await sender.stop();
    expect(await outboxQueue.refOf('digest:2026-W22')).toEqual({ ts: '101.000' });
  });
});

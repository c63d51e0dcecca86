import type { Logger } from 'pino';
import { backoffMs, DEFAULT_BACKOFF, type BackoffPolicy } from '../domain/backoff.js';
import { dueMessages } from '../domain/outbox-order.js';
import { errorMessage } from '../errors.js';
import { SlackSendError, type SlackPort } from './slack-port.js';
import type { OutboxQueue, OutboxRow } from './outbox-queue.js';

export interface OutboxSenderDeps {
  outbox: OutboxQueue;
  slack: Pick<SlackPort, 'postMessage' | 'updateMessage' | 'findByKey'>;
  logger: Logger;
  backoff?: BackoffPolicy;
  now?: () => Date;
  /**
   * With nothing due, look again after this long even if nobody wakes the sender. Unset, it waits
   * to be woken: enough when every owe happens in this process and wakes it after it commits
   * (SQLite's `onOwed`), not when another process may owe (PostgreSQL).
   */
  pollMs?: number;
}

/**
 * The one sender of the Slack outbox (DESIGN.md §6). Sends the oldest message of every thread,
 * thread after thread in parallel, each in order; a failure waits its backoff (at least what
 * `Retry-After` asked) and holds back only its own thread. Before sending again a message whose
 * fate is unknown (a 5xx, a timeout, a kill mid-call), it looks for its key on Slack.
 */
export class OutboxSender {
  private stopped = false;
  private wakeUp?: () => void;
  private loopDone?: Promise<void>;
  private readonly idleWaiters = new Set<() => void>();
  private readonly now: () => Date;
  private readonly backoff: BackoffPolicy;

  constructor(private readonly deps: OutboxSenderDeps) {
    this.now = deps.now ?? (() => new Date());
    this.backoff = deps.backoff ?? DEFAULT_BACKOFF;
  }

  start(): void {
    this.stopped = false;
    this.loopDone ??= this.loop().finally(() => {
      this.loopDone = undefined;
    });
  }

  /** Sends until stopped, and resolves then (with several replicas, the one holding the outbox's claim runs it). */
  run(): Promise<void> {
    this.start();
    return this.loopDone ?? Promise.resolve();
  }

  /** Something was owed: look now rather than at the next timer. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Resolves when nothing is left to send (a message failed for good does not count). */
  async drained(): Promise<void> {
    if (await this.isEmpty()) return;
    return new Promise((resolve) => {
      this.idleWaiters.add(resolve);
      this.wake();
    });
  }

  /** Sends what it can until `deadlineMs` has passed, then stops; what is left is sent after the next start. */
  async stop(deadlineMs = 0): Promise<void> {
    if (deadlineMs > 0) await Promise.race([this.drained(), new Promise((r) => setTimeout(r, deadlineMs).unref())]);
    this.stopped = true;
    this.wake();
    await this.loopDone;
    for (const resolve of this.idleWaiters) resolve();
    this.idleWaiters.clear();
  }

  private async isEmpty(): Promise<boolean> {
    try {
      return (await this.deps.outbox.pending()).length === 0;
    } catch {
      return false;
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let waitMs: number | undefined;
      try {
        const { due, nextAt } = dueMessages(await this.deps.outbox.pending(), this.now());
        if (due.length > 0) {
          await Promise.all(due.map((row) => this.send(row)));
          continue;
        }
        if (!nextAt) this.notifyIdle();
        waitMs = nextAt ? Math.max(1, nextAt.getTime() - this.now().getTime()) : undefined;
        if (this.deps.pollMs !== undefined) waitMs = Math.min(waitMs ?? this.deps.pollMs, this.deps.pollMs);
      } catch (error) {
        // The database, not Slack: logged, and tried again shortly; nothing is lost, the rows stay.
        this.deps.logger.error({ err: error }, 'the outbox could not be read; trying again');
        waitMs = 1000;
      }
      await this.sleep(waitMs);
    }
  }

  private notifyIdle(): void {
    for (const resolve of this.idleWaiters) resolve();
    this.idleWaiters.clear();
  }

  private sleep(ms: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      function done() {
        if (timer) clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }

  private async send(row: OutboxRow): Promise<void> {
    const { outbox, slack, logger } = this.deps;
    const log = logger.child({ outboxKey: row.key, lane: row.lane });
    let ref = row.refTs ?? undefined;
    if (!ref && row.refKey) {
      const found = await outbox.refOf(row.refKey);
      if ('failed' in found) return await outbox.markFailed(row.id, `its parent message ${row.refKey} could not be posted`);
      if ('pending' in found)
        return await outbox.retryLater(row.id, new Date(this.now().getTime() + this.backoff.baseMs), `waiting for ${row.refKey}`, row.inDoubt);
      ref = found.ts;
    }
    let attempted = false;
    try {
      if (row.kind === 'post' && row.inDoubt) {
        // It may be on Slack already: look for its key before posting it again.
        const ts = await slack.findByKey(row.channel, row.key, ref);
        if (ts) {
          log.info({ ts }, 'found on Slack after an uncertain send; not posted again');
          return await outbox.markSent(row.id, row.revision, ts);
        }
      }
      await outbox.beginAttempt(row.id);
      attempted = true;
      let ts: string;
      if (row.kind === 'post') ts = (await slack.postMessage(row.channel, row.message, ref, { key: row.key })).ts;
      else {
        if (!ref) return await outbox.markFailed(row.id, 'an update without the message it updates');
        // The parent keeps its own key as metadata: chat.update replaces metadata when given.
        await slack.updateMessage(row.channel, ref, row.message, row.refKey ? { key: row.refKey } : {});
        ts = ref;
      }
      await outbox.markSent(row.id, row.revision, ts);
    } catch (error) {
      const e = error instanceof SlackSendError ? error : new SlackSendError(errorMessage(error), true, true);
      if (!e.retryable) {
        log.error({ err: error }, 'Slack refused a message for good; it is kept in the outbox as failed');
        return await outbox.markFailed(row.id, e.message);
      }
      const wait = backoffMs(row.attempts + 1, this.backoff, e.retryAfterMs);
      log.warn({ err: error, attempts: row.attempts + 1, waitMs: wait, maybeSent: e.maybeSent }, 'Slack did not take a message; trying again later');
      // In doubt until an answer says otherwise: a failed look-up leaves it as it was.
      await outbox.retryLater(row.id, new Date(this.now().getTime() + wait), e.message, attempted ? e.maybeSent : row.inDoubt);
    }
  }
}

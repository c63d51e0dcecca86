import type { Release } from '../domain/release.js';
import { isReleaseInFlight } from '../domain/release-status.js';
import type { Deps } from './deps.js';
import { batchReply, cardUpdate } from './owe-batch-messages.js';
import { owe } from './owe.js';
import type { BackgroundWork } from './supervise.js';
import type { ReleaseRunner } from './release-runner.js';
import type { BatchView } from './ports/narrator.js';
import { paceOf } from './propose-batch.js';
import { currentFreeze } from './current-freeze.js';
import { ChecksWaitlist } from './checks-waitlist.js';
import { soleReplica } from './ports/claims.js';

/** Written (or found) on GitHub, or failed: what the ETA counts as finished. */
const SETTLED = new Set<Release['status']>(['published', 'notified', 'failed']);

/**
 * Carries a release train: every connector through the same durable steps as a single release
 * (in parallel; the Octokit paces the writes), the card updated in place no more often than
 * Slack's chat.update limit allows, and a summary in the thread at the end.
 */
export class BatchRunner {
  private readonly running = new Map<number, Promise<void>>();
  /** when this run of each train began, and how many of its connectors were settled then: the ETA's measure */
  private readonly progress = new Map<number, { startedAt: number; settledAtStart: number }>();
  private stopping = false;
  private readonly cards = new Map<number, { last: number; timer?: NodeJS.Timeout; chain: Promise<void> }>();
  /** trains with connectors waiting for their checks (`repo@sha`): carried on at the poll, or when a webhook names one */
  private readonly waiting: ChecksWaitlist<number>;

  /** chat.update is a Tier 3 method (about 50 a minute): https://docs.slack.dev/reference/methods/chat.update */
  constructor(
    private readonly deps: Pick<Deps, 'store' | 'narrator' | 'config' | 'logger' | 'orgReader' | 'now' | 'claims'>,
    private readonly releases: Pick<ReleaseRunner, 'run' | 'onChange' | 'settleSighting' | 'gateMember'>,
    private readonly background: Pick<BackgroundWork, 'start'>,
    private readonly cardIntervalMs = 1500,
  ) {
    this.waiting = new ChecksWaitlist(deps.config.checksPollMs, (id) => void this.run(id));
    releases.onChange((r: Release) => {
      if (r.batchId !== null) this.scheduleCard(r.batchId);
    });
  }

  run(batchId: number): Promise<void> {
    const current = this.running.get(batchId);
    if (current) return current;
    this.waiting.unpark(batchId);
    const p = this.background
      .start({ what: `release train ${batchId}`, batchId }, () => (this.deps.claims ?? soleReplica).hold(`batch:${batchId}`, () => this.carry(batchId)))
      .then(() => undefined)
      .finally(() => this.running.delete(batchId));
    this.running.set(batchId, p);
    return p;
  }

  async resumeAll(): Promise<void> {
    await Promise.all((await this.deps.store.batches.running()).map((b) => this.run(b.id)));
  }

  /** Starts no new connector, and leaves a train that was cut short running: a restart carries it on. */
  stop(): void {
    this.stopping = true;
    this.waiting.stop();
  }

  /** CI said something about a commit: a train with a connector waiting for that commit's checks carries on now. */
  checksChanged(repo: string, sha: string): number {
    return this.waiting.wake(repo, sha);
  }

  /** Shows another page of the card (anyone may turn pages; it changes nothing). */
  async showPage(batchId: number, page: number): Promise<void> {
    await this.deps.store.batches.turnPage(batchId, page);
    await this.updateCard(batchId);
  }

  async updateCard(batchId: number): Promise<void> {
    const { store, narrator } = this.deps;
    const batch = await store.batches.get(batchId);
    if (!batch) return;
    const members = await store.releases.inBatch(batchId);
    const view: BatchView = { batch, members, page: batch.cardPage };
    if (batch.status === 'proposed') view.pace = paceOf(this.deps, members);
    if (batch.status === 'running') {
      const eta = this.eta(batchId, members);
      if (eta !== undefined) view.etaSeconds = eta;
    }
    await owe(store, cardUpdate(batch, narrator.batchCard(view)));
  }

  /** Seconds left at the pace measured since this run of the train began: connectors to go × time per connector settled so far. */
  private eta(batchId: number, members: readonly Release[]): number | undefined {
    const p = this.progress.get(batchId);
    if (!p) return undefined;
    const settled = members.filter((m) => SETTLED.has(m.status)).length;
    const toGo = members.filter((m) => m.status === 'approved' || m.status === 'tagged').length;
    const done = settled - p.settledAtStart;
    if (done <= 0) return undefined;
    return Math.round(((Date.now() - p.startedAt) / done) * toGo) / 1000;
  }

  /**
   * GitHub's traffic for a train of N connectors: one GraphQL sweep (N/100 requests) re-reads
   * every tag to be written, N `POST /releases` make the tags and releases, and one more sweep
   * verifies every tag. Each step is durable, so a train killed anywhere finishes exactly once:
   * a connector written but not recorded meets a 422 and is looked at alone.
   */
  private async carry(batchId: number): Promise<void> {
    const log = this.deps.logger.child({ batchId });
    const { store, narrator, orgReader } = this.deps;
    const all = await store.releases.inBatch(batchId);
    const inFlight = all.filter((m) => isReleaseInFlight(m.status));
    log.info({ connectors: inFlight.length }, 'release train running');
    const toWrite = inFlight.filter((m) => m.status === 'approved');
    if (toWrite.length > 0 && (await this.heldByFreeze(batchId, toWrite))) return;
    // requireChecks: the same sweep reads each connector's proposed commit's checks; each gates its connector only.
    const requireChecks = (await store.batches.get(batchId))?.policy?.requireChecks === true;
    const mark = this.waiting.mark();
    let refused = 0;
    const waiting: Release[] = [];
    if (toWrite.length > 0) {
      const seen = await orgReader.readTags(toWrite.map((m) => ({ repo: m.repo, tag: m.tag, ...(requireChecks ? { checksOf: m.sha } : {}) })));
      for (const m of toWrite) {
        const sighting = seen.get(m.repo);
        const settled = await this.releases.settleSighting(m, sighting?.tagCommitSha ?? null);
        if (settled?.status === 'failed') refused++;
        else if (requireChecks && settled?.status === 'approved') {
          const gate = await this.releases.gateMember(settled, sighting?.checks);
          if (gate === 'failed') refused++;
          if (gate === 'wait') waiting.push(settled);
        }
      }
    }
    const held = new Set(waiting.map((m) => m.id));
    // The ETA measures the writes: connectors failed by the sweep took no time of their own.
    this.progress.set(batchId, { startedAt: Date.now(), settledAtStart: all.filter((m) => SETTLED.has(m.status)).length + refused });
    // A bounded pool rather than one loop per connector: the write pace is the limit anyway,
    // and 500 requests queued at once would only hold memory.
    const queue = inFlight.map((m) => m.id).filter((id) => !held.has(id));
    const workers = Math.max(1, this.deps.config.github.concurrency * 2);
    await Promise.all(
      Array.from({ length: Math.min(workers, queue.length) }, async () => {
        for (let id = queue.shift(); id !== undefined && !this.stopping; id = queue.shift()) await this.releases.run(id);
      }),
    );
    if (this.stopping) return;
    const written = (await store.releases.inBatch(batchId)).filter((m) => m.status === 'published');
    if (written.length > 0) {
      const seen = await orgReader.readTags(written.map((m) => ({ repo: m.repo, tag: m.tag })));
      for (const m of written) await this.releases.settleSighting(m, seen.get(m.repo)?.tagCommitSha ?? null);
    }
    if (this.stopping) return;
    if (waiting.length > 0) {
      // The others are out; the train stays running and comes back to these at the poll or a webhook.
      this.waiting.park(batchId, waiting, mark);
      await this.flushCard(batchId);
      log.info({ waiting: waiting.map((m) => m.repo) }, 'release train waits for checks');
      return;
    }
    const batch = await store.batches.get(batchId);
    if (batch?.status !== 'running') return;
    // The summary is owed in the unit of work that finishes the train: once, and never lost.
    await store.transaction(async (tx) => {
      await owe(tx, batchReply(batch, narrator.batchSummary(batch, await tx.releases.inBatch(batchId))));
      await tx.batches.finish(batchId);
    });
    this.progress.delete(batchId);
    await this.flushCard(batchId);
    log.info('release train done');
  }

  /**
   * A train that has not left waits while a freeze holds any of its connectors: its thread says
   * so, once per freeze, and the end of the freeze carries it on (connectors already written finish).
   */
  private async heldByFreeze(batchId: number, waiting: readonly Release[]): Promise<boolean> {
    for (const m of waiting) {
      const freeze = await currentFreeze(this.deps, m.repo);
      if (!freeze) continue;
      const batch = await this.deps.store.batches.get(batchId);
      if (batch)
        await owe(this.deps.store, {
          ...batchReply(batch, this.deps.narrator.batchReply(batch, { kind: 'held', freeze })),
          key: `batch:${batchId}:held:${freeze.id}`,
        });
      this.deps.logger.info({ batchId, freeze: freeze.id }, 'release train held by a freeze');
      return true;
    }
    return false;
  }

  private scheduleCard(batchId: number): void {
    const card = this.cards.get(batchId) ?? { last: 0, chain: Promise.resolve() };
    this.cards.set(batchId, card);
    if (card.timer) return;
    const wait = Math.max(0, card.last + this.cardIntervalMs - Date.now());
    card.timer = setTimeout(() => {
      card.timer = undefined;
      card.last = Date.now();
      card.chain = card.chain
        .then(() => this.background.start({ what: `card of release train ${batchId}`, batchId }, () => this.updateCard(batchId)))
        .then(() => undefined);
    }, wait);
  }

  /** The last update, right away (after any pending one). */
  private async flushCard(batchId: number): Promise<void> {
    const card = this.cards.get(batchId);
    if (card?.timer) {
      clearTimeout(card.timer);
      card.timer = undefined;
    }
    if (card) await card.chain;
    await this.updateCard(batchId);
    if (card) card.last = Date.now();
  }
}

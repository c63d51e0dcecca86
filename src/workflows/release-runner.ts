import { nextReleaseStep } from '../domain/release-status.js';
import type { Release } from '../domain/release.js';
import { releaseNotes } from '../domain/release-notes.js';
import { makeLatest } from '../domain/make-latest.js';
import { errorMessage } from '../errors.js';
import { compareUrl } from '../domain/compare-url.js';
import type { Deps } from './deps.js';
import type { BackgroundWork } from './supervise.js';
import { notice, parentUpdate, reply } from './owe-release-messages.js';
import { owe } from './owe.js';
import { rolloutInThread } from './release-parent.js';
import type { ReleaseEvent } from './ports/narrator.js';
import type { Records } from './ports/records.js';
import type { StepResult } from './ports/release-records.js';
import { backoffMs, type BackoffPolicy } from '../domain/backoff.js';
import { githubFailure } from '../domain/github-failure.js';
import { passFreezeGate } from './freeze-gate.js';
import { checksBypass } from '../domain/bypass.js';
import { judgeMemberChecks, passChecksGate } from './read-release-checks.js';
import type { CommitChecks } from './ports/github.js';
import { ChecksWaitlist } from './checks-waitlist.js';
import { soleReplica } from './ports/claims.js';

/** How a step GitHub did not answer is tried again: with backoff, for `forMs` at most, then the release fails (Retry resumes it). */
export interface StepRetry extends BackoffPolicy {
  forMs: number;
}
const DEFAULT_STEP_RETRY: StepRetry = { baseMs: 2000, maxMs: 30_000, forMs: 120_000 };

const shortSha = (sha: string) => sha.slice(0, 7);

const tagElsewhere = (r: Release, found: string) =>
  `tag ${r.tag} already exists on ${shortSha(found)}, not on the proposed commit ${shortSha(r.sha)}. The bot never moves a tag: delete it on GitHub or release another version.`;

/** The statuses a release's thread tells, in order (a failure is told whenever it comes). */
const TOLD_IN_ORDER: Release['status'][] = ['approved', 'tagged', 'published'];

/**
 * Drives approved releases to the end, one durable step at a time (DESIGN.md §5). Each step
 * checks GitHub first, so a step repeated after a crash finds its own work and counts it as done.
 */
export class ReleaseRunner {
  private readonly running = new Map<number, Promise<Release | undefined>>();
  private readonly listeners = new Set<(r: Release) => void>();
  /** whether the GitHub release was found rather than made, for the wording of the reply */
  private readonly releaseExisted = new Map<number, boolean>();

  private readonly stepRetry: StepRetry;
  private stopping = false;
  /** approved releases waiting for their checks: read again at the poll, or sooner when a webhook says they changed */
  private readonly waiting: ChecksWaitlist<number>;

  constructor(
    private readonly deps: Pick<Deps, 'store' | 'github' | 'narrator' | 'config' | 'logger' | 'deployer' | 'now' | 'claims'>,
    private readonly background: Pick<BackgroundWork, 'start'>,
    o: { stepRetry?: StepRetry } = {},
  ) {
    this.stepRetry = o.stepRetry ?? DEFAULT_STEP_RETRY;
    this.waiting = new ChecksWaitlist(deps.config.checksPollMs, (id) => void this.run(id));
  }

  /** Runs a release to rest; a second call while it runs joins the first. Never rejects: a failure is logged and the row resumes later. */
  run(id: number): Promise<Release | undefined> {
    const current = this.running.get(id);
    if (current) return current;
    this.waiting.unpark(id);
    const p = this.background.start({ what: `release ${id}`, releaseId: id }, () => this.claimed(id)).finally(() => this.running.delete(id));
    this.running.set(id, p);
    return p;
  }

  /** Called after every step of every release (the release train's card listens). */
  onChange(listener: (r: Release) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every release of its own that was approved but not finished when the bot stopped (the batch runner resumes its trains). */
  async resumeAll(): Promise<void> {
    const unfinished = (await this.deps.store.releases.unfinished()).filter((r) => r.batchId === null);
    if (unfinished.length > 0) this.deps.logger.info({ ids: unfinished.map((r) => r.id) }, 'resuming unfinished releases');
    await Promise.all(unfinished.map((r) => this.run(r.id)));
  }

  /** Takes no new step: each release stops after the step in flight, at a status a restart resumes. */
  stop(): void {
    this.stopping = true;
    this.waiting.stop();
  }

  /**
   * A `check_run`, `check_suite` or `status` webhook for a commit: the releases of that
   * repository waiting for its checks read them again now. Returns how many were woken.
   */
  checksChanged(repo: string, sha: string): number {
    return this.waiting.wake(repo, sha);
  }

  /** The release's steps, by this replica only while no other one runs them (another replica's release is left to it). */
  private async claimed(id: number): Promise<Release | undefined> {
    const claims = this.deps.claims ?? soleReplica;
    const done = await claims.hold(`release:${id}`, () => this.loop(id));
    return done.claimed ? done.value : this.deps.store.releases.get(id);
  }

  private async loop(id: number): Promise<Release | undefined> {
    let release = await this.deps.store.releases.get(id);
    // Owes what a release from before the outbox (or a retry) has not told yet; nothing twice.
    if (release) {
      const found = release;
      release = await this.deps.store.transaction((tx) => this.tell(tx, found));
    }
    let outage: { since: number; attempts: number } | undefined;
    while (release && nextReleaseStep(release.status, { inTrain: release.batchId !== null }) && !this.stopping && !this.waiting.has(id)) {
      // A freeze holds a release before its first step; one already tagging finishes. A train is held as a whole by its runner.
      if (release.status === 'approved' && release.batchId === null) {
        const gate = await passFreezeGate(this.deps, release);
        if (gate.held) return gate.release;
        release = gate.release;
      }
      const current: Release = release;
      const log = this.deps.logger.child({ releaseId: id, repo: current.repo });
      try {
        release = await this.step(current);
        outage = undefined;
      } catch (error) {
        const step = nextReleaseStep(current.status, { inTrain: current.batchId !== null }) ?? 'next';
        const failure = githubFailure({ status: (error as { status?: number }).status, message: errorMessage(error) }, { repo: current.repo, step });
        if (failure.kind === 'transient') {
          outage ??= { since: Date.now(), attempts: 0 };
          outage.attempts += 1;
          const wait = backoffMs(outage.attempts, this.stepRetry);
          if (this.stopping) return release; // parked: the step runs again after the restart
          if (Date.now() + wait - outage.since <= this.stepRetry.forMs) {
            // The step checks GitHub first, so running it again finds whatever the failed attempt did.
            log.warn({ err: error, attempts: outage.attempts, waitMs: wait }, 'GitHub did not answer a release step; trying again');
            await new Promise((r) => setTimeout(r, wait));
            release = await this.deps.store.releases.get(id);
            continue;
          }
        }
        const reason =
          failure.kind === 'transient'
            ? `${failure.reason}, for ${Math.round((Date.now() - outage!.since) / 1000)} s. Press Retry once GitHub is back.`
            : failure.reason;
        // Recorded first: if the database is what failed, the supervisor logs that, once, and the row stays resumable.
        release = await this.fail(current, reason);
        log.error({ err: error }, 'release step failed');
      }
      if (release) for (const listener of this.listeners) listener(release);
    }
    return release;
  }

  private async step(r: Release): Promise<Release | undefined> {
    const { github } = this.deps;
    switch (nextReleaseStep(r.status, { inTrain: r.batchId !== null })) {
      case 'release':
        return this.releaseInOneWrite(r);
      case 'tag': {
        // requireChecks: read again just before the tag, whatever the proposal showed.
        if (r.policy?.requireChecks) {
          const mark = this.waiting.mark();
          const gate = await passChecksGate(this.deps, r, new Date(), checksBypass(r.bypasses));
          if (gate.kind === 'block') return this.fail(gate.release, gate.reason);
          if (gate.kind === 'wait') {
            // It stays approved; its loop ends here, and the poll, a webhook or a restart runs it again.
            this.waiting.park(r.id, [r], mark);
            return gate.release;
          }
          r = gate.release;
        }
        let existing = await github.findTag(r.repo, r.tag);
        let created: string | null = null;
        if (!existing) {
          const result = await github.createAnnotatedTag(r.repo, { tag: r.tag, sha: r.sha, message: `${r.repo} ${r.tag}` });
          if (result.kind === 'created') created = result.tagObjectSha;
          else existing = await github.findTag(r.repo, r.tag);
        }
        if (existing && existing.commitSha !== r.sha) return await this.fail(r, tagElsewhere(r, existing.commitSha));
        return this.advance(r, 'tagged', existing ? 'tag already on the proposed commit' : `tagged ${r.sha}`, { tagObjectSha: created });
      }
      case 'publish': {
        let release = await github.findRelease(r.repo, r.tag, { includeDrafts: r.draft });
        const existed = release !== null;
        if (!release) {
          const body = await this.notes(r);
          const result = await github.createRelease(r.repo, {
            tag: r.tag,
            name: `${r.repo} ${r.tag}`,
            body,
            draft: r.draft,
            prerelease: r.pre !== null,
            sha: r.sha,
            makeLatest: makeLatest({ version: r.nextVersion, draft: r.draft, highestStable: r.highestStable, line: r.line }),
          });
          release = result.kind === 'created' ? result.release : await github.findRelease(r.repo, r.tag, { includeDrafts: true });
          if (!release) throw new Error(`GitHub says a release for ${r.tag} exists but does not return it`);
        }
        this.releaseExisted.set(r.id, existed);
        return this.advance(r, 'published', existed ? 'release already existed' : 'published', { releaseId: release.id, releaseUrl: release.htmlUrl });
      }
      case 'notify': {
        // A release train reports its connectors on its own card and thread, not one notice each.
        if (r.batchId !== null) return this.advance(r, 'notified', 'reported by the release train');
        // The notice is owed in the same transaction: the outbox posts it, once, whenever Slack takes it.
        return this.advance(r, 'notified', 'notice owed to the outbox');
      }
      default:
        return r;
    }
  }

  /**
   * A train's connector: `POST /releases` with the proposed commit as `target_commitish` makes the
   * lightweight tag and the release in one write (the train read every tag just before, and
   * verifies every tag after). A 422 "already exists" is a prompt to look at this one connector.
   */
  private async releaseInOneWrite(r: Release): Promise<Release | undefined> {
    const { github } = this.deps;
    const result = await github.createRelease(r.repo, {
      tag: r.tag,
      name: `${r.repo} ${r.tag}`,
      body: await this.notes(r),
      draft: r.draft,
      prerelease: r.pre !== null,
      sha: r.sha,
      makeLatest: makeLatest({ version: r.nextVersion, draft: r.draft, highestStable: r.highestStable }),
    });
    if (result.kind === 'created') {
      this.releaseExisted.set(r.id, false);
      return this.advance(r, 'published', `tag and release made on ${r.sha}`, { releaseId: result.release.id, releaseUrl: result.release.htmlUrl });
    }
    const [tag, release] = await Promise.all([github.findTag(r.repo, r.tag), github.findRelease(r.repo, r.tag, { includeDrafts: r.draft })]);
    if (tag && tag.commitSha !== r.sha) return this.fail(r, tagElsewhere(r, tag.commitSha));
    if (!tag || !release) throw new Error(`GitHub says a release for ${r.tag} exists but does not return it with its tag`);
    this.releaseExisted.set(r.id, true);
    return this.advance(r, 'published', 'release already existed, its tag on the proposed commit', { releaseId: release.id, releaseUrl: release.htmlUrl });
  }

  /**
   * What a train's sweep saw of a connector's tag: before the write, a tag on another commit
   * fails it (nothing written); after, the tag on the proposed commit finishes it
   * (published → notified) and anywhere else fails it. Listeners hear of it like of any step.
   */
  async settleSighting(r: Release, tagCommitSha: string | null): Promise<Release | undefined> {
    let moved: Release | undefined;
    if (r.status === 'approved') {
      if (tagCommitSha === null || tagCommitSha === r.sha) return r;
      moved = await this.fail(r, tagElsewhere(r, tagCommitSha));
    } else if (r.status === 'published') {
      moved =
        tagCommitSha === r.sha
          ? await this.advance(r, 'notified', 'tag verified on the proposed commit; reported by the release train')
          : await this.fail(
              r,
              tagCommitSha === null
                ? `GitHub made the release ${r.tag} but its tag is gone: nothing was moved. Tag ${shortSha(r.sha)} by hand or delete the release and retry.`
                : `${tagElsewhere(r, tagCommitSha)} The release GitHub made is on that tag.`,
            );
    } else return r;
    if (moved) for (const listener of this.listeners) listener(moved);
    return moved;
  }

  /**
   * A train's connector under `requireChecks`, before its write: green goes, pending waits (it
   * stays approved; the train comes back to it), red fails it with the failing checks named.
   */
  async gateMember(r: Release, read: CommitChecks | null | undefined): Promise<'go' | 'wait' | 'failed'> {
    const judged = await judgeMemberChecks(this.deps, r, read, new Date());
    let moved: Release | undefined = judged.release;
    if (judged.verdict.kind === 'block') moved = await this.fail(judged.release, judged.reason);
    if (moved) for (const listener of this.listeners) listener(moved);
    return judged.verdict.kind === 'block' ? 'failed' : judged.verdict.kind;
  }

  private async notes(r: Release): Promise<string> {
    if (r.notesMode === 'github') return this.deps.github.generateNotes(r.repo, { tag: r.tag, previousTag: r.currentTag, sha: r.sha });
    return releaseNotes({ commits: r.commits, repoUrl: r.repoUrl, compareUrl: r.currentTag ? compareUrl({ ...r, sha: r.tag }) : undefined });
  }

  private async fail(r: Release, error: string): Promise<Release | undefined> {
    return this.advance(r, 'failed', error, { error });
  }

  /** One step recorded, and the Slack messages it owes, in one unit of work. */
  private async advance(r: Release, to: Release['status'], reason: string, result: StepResult = {}): Promise<Release | undefined> {
    return this.deps.store.transaction(async (tx) => {
      const moved = await tx.releases.advance(r.id, r.status, to, 'bot', reason, result);
      return moved && this.tell(tx, moved);
    });
  }

  /**
   * Owes the thread every status it has not been told yet, in order, the proposal as it now
   * stands, and the final notice; records what was owed. Run inside the unit of work.
   */
  private async tell(tx: Omit<Records, 'transaction'>, r: Release): Promise<Release> {
    const from = r.reportedStatus ? TOLD_IN_ORDER.indexOf(r.reportedStatus) : -1;
    const to = r.status === 'failed' ? -1 : TOLD_IN_ORDER.indexOf(r.status === 'notified' ? 'published' : r.status);
    const due: Release['status'][] = TOLD_IN_ORDER.slice(from + 1, to + 1);
    if (r.status === 'failed' && r.reportedStatus !== 'failed') due.push('failed');
    await owe(
      tx,
      due.flatMap((status) => reply(this.deps, r, this.eventFor(r, status))),
    );
    if (due.length > 0) await tx.releases.setReported(r.id, due.at(-1)!);
    await owe(tx, parentUpdate(this.deps, r, await rolloutInThread({ ...this.deps, store: tx }, r)));
    if (r.status === 'notified' && r.batchId === null) await owe(tx, notice(this.deps, r));
    return (await tx.releases.get(r.id)) ?? r;
  }

  private eventFor(r: Release, status: Release['status']): ReleaseEvent {
    switch (status) {
      case 'approved':
        return { kind: 'approved' };
      // no tag object recorded: the tag was found already on the proposed commit
      case 'tagged':
        return { kind: 'tagged', found: r.tagObjectSha === null };
      case 'published':
        return { kind: 'published', existed: this.releaseExisted.get(r.id) ?? false };
      default:
        return { kind: 'failed' };
    }
  }
}

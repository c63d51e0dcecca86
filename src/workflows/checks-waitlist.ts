import { CheckSignals } from './check-signals.js';

const key = (repo: string, sha: string) => `${repo.toLowerCase()}@${sha}`;

/**
 * What waits for the checks of some commits (a release, a release train): each is carried on
 * again at the slow poll, or at once when a webhook names one of its commits. A webhook that came
 * while the checks were being read (nothing parked yet) is not lost: parking after it resumes at once.
 */
export class ChecksWaitlist<K> {
  private readonly waiting = new Map<K, { commits: Set<string>; timer: NodeJS.Timeout }>();
  private readonly signals = new CheckSignals();
  private stopped = false;

  constructor(
    private readonly pollMs: number,
    private readonly resume: (k: K) => void,
  ) {}

  /** Take it before reading the checks; pass it to `park`. */
  mark(): number {
    return this.signals.mark();
  }

  park(k: K, commits: readonly { repo: string; sha: string }[], mark: number): void {
    this.unpark(k);
    if (this.stopped) return;
    const missed = commits.some((c) => this.signals.since(c.repo, c.sha, mark));
    const timer = setTimeout(() => this.resume(k), missed ? 0 : this.pollMs);
    timer.unref();
    this.waiting.set(k, { commits: new Set(commits.map((c) => key(c.repo, c.sha))), timer });
  }

  unpark(k: K): void {
    const w = this.waiting.get(k);
    if (w) clearTimeout(w.timer);
    this.waiting.delete(k);
  }

  has(k: K): boolean {
    return this.waiting.has(k);
  }

  /** CI said something about a commit: what waits for it resumes now. Returns how many. */
  wake(repo: string, sha: string): number {
    this.signals.signal(repo, sha);
    const woken = [...this.waiting].filter(([, w]) => w.commits.has(key(repo, sha))).map(([k]) => k);
    for (const k of woken) this.resume(k);
    return woken.length;
  }

  /** Nothing resumes any more (the bot stops; a restart reads the checks again). */
  stop(): void {
    this.stopped = true;
    for (const k of [...this.waiting.keys()]) this.unpark(k);
  }
}

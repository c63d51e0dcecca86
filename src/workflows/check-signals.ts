/**
 * Which commits CI said something about, in order: a webhook that comes while a gate is reading
 * the checks finds nothing parked yet, so whatever parks afterwards asks here whether it missed
 * one (and reads again at once instead of at the slow poll).
 */
export class CheckSignals {
  private seq = 0;
  private readonly last = new Map<string, number>();

  constructor(private readonly keep = 10_000) {}

  /** A position to compare with later: take it before reading the checks. */
  mark(): number {
    return this.seq;
  }

  signal(repo: string, sha: string): void {
    this.last.set(key(repo, sha), ++this.seq);
    // Only the recent ones matter (a read in flight); the oldest go first.
    if (this.last.size > this.keep) this.last.delete(this.last.keys().next().value!);
  }

  /** Whether CI said something about this commit since `mark`. */
  since(repo: string, sha: string, mark: number): boolean {
    return (this.last.get(key(repo, sha)) ?? -1) > mark;
  }
}

const key = (repo: string, sha: string) => `${repo.toLowerCase()}@${sha}`;

import { parseRepoFile } from '../config.js';
import { REPO_FILE_PATH, type RepoFile } from '../domain/repo-file.js';
import type { BotOctokit } from './make-octokit.js';

function status(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error ? Number((error as { status: unknown }).status) : undefined;
}

/**
 * Reads each repository's `.github/release-bot.yml` on its default branch with a conditional
 * request: the ETag of the last answer goes in `If-None-Match`, and an unchanged file answers
 * 304, which costs no rate limit and reuses what was parsed then (Octokit throws a 304 as an
 * error: it has no body to give).
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
 */
export class RepoFileReader {
  /** repository (lower case) → the last answer: the file (or its absence) and the ETag to ask with; shared by every proposal */
  private readonly cache = new Map<string, { etag: string | undefined; file: RepoFile }>();

  constructor(
    private readonly octokit: BotOctokit,
    private readonly org: string,
  ) {}

  /** a read in flight per repository, which a `known` read joins rather than ask again */
  private readonly reading = new Map<string, Promise<RepoFile>>();

  /** `known`: what was read before (or is being read) will do, without another request (a push to a branch that is not the default one). */
  async read(repo: string, o: { known?: boolean } = {}): Promise<RepoFile> {
    const key = repo.toLowerCase();
    const cached = this.cache.get(key);
    if (o.known && cached) return cached.file;
    const inFlight = this.reading.get(key);
    if (o.known && inFlight) return inFlight;
    const read = this.ask(repo, key, cached).finally(() => {
      if (this.reading.get(key) === read) this.reading.delete(key);
    });
    this.reading.set(key, read);
    return read;
  }

  private async ask(repo: string, key: string, cached: { etag: string | undefined; file: RepoFile } | undefined): Promise<RepoFile> {
    let res: Awaited<ReturnType<BotOctokit['rest']['repos']['getContent']>>;
    try {
      res = await this.octokit.rest.repos.getContent({
        owner: this.org,
        repo,
        path: REPO_FILE_PATH,
        headers: cached?.etag ? { 'if-none-match': cached.etag } : {},
      });
    } catch (error) {
      if (status(error) === 304 && cached) return cached.file;
      if (status(error) === 404) {
        this.cache.set(key, { etag: undefined, file: { kind: 'absent' } });
        return { kind: 'absent' };
      }
      throw error;
    }
    const file = fileOf(res.data);
    this.cache.set(key, { etag: res.headers.etag, file });
    return file;
  }
}

/** The contents API's answer: a file's base64 content; a directory is a list, a file over 1 MB comes with `encoding: "none"`. */
function fileOf(data: unknown): RepoFile {
  if (Array.isArray(data)) return { kind: 'invalid', problems: ['is a directory, not a file'] };
  const entry = data as { type?: string; content?: string; encoding?: string };
  if (entry.type !== 'file' || typeof entry.content !== 'string') return { kind: 'invalid', problems: [`is a ${entry.type ?? 'thing'}, not a file`] };
  if (entry.encoding !== 'base64') return { kind: 'invalid', problems: ['is too large to read (over 1 MB)'] };
  return parseRepoFile(Buffer.from(entry.content, 'base64').toString('utf8'));
}

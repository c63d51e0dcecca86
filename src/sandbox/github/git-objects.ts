import { createHash } from 'node:crypto';

/** The "no object" sha GitHub puts in `before`/`after` of a push that creates or deletes a ref. */
export const ZERO_SHA = '0'.repeat(40);

export interface Person {
  name: string;
  email: string;
  /** GitHub login the email belongs to; absent for an author GitHub cannot match to a user */
  username?: string;
}

export interface Signature extends Person {
  /** ISO 8601 without milliseconds, as GitHub writes it */
  date: string;
}

export interface FileChanges {
  added: string[];
  removed: string[];
  modified: string[];
}

export interface GitCommit {
  sha: string;
  /** creation order across the whole emulator; breaks ties between equal dates */
  seq: number;
  treeSha: string;
  message: string;
  parents: string[];
  author: Signature;
  committer: Signature;
  /** the whole tree at this commit, path → content */
  files: ReadonlyMap<string, string>;
  changes: FileChanges;
}

export interface GitTagObject {
  sha: string;
  tag: string;
  message: string;
  tagger: Signature;
  object: RefTarget;
}

export interface RefTarget {
  type: 'commit' | 'tag';
  sha: string;
}

export interface ReleaseRecord {
  id: number;
  tagName: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  targetCommitish: string;
  createdAt: string;
  publishedAt: string | null;
  /** drafts have no tag yet, so GitHub gives them an `untagged-…` html_url */
  untaggedId: string;
  /** the `make_latest` the release was created or last updated with; null when the request left it out */
  makeLatest: 'true' | 'false' | 'legacy' | null;
}

export interface RepoRecord {
  id: number;
  name: string;
  archived: boolean;
  private: boolean;
  defaultBranch: string;
  createdAt: string;
  pushedAt: string;
  heads: Map<string, string>;
  tags: Map<string, RefTarget>;
  commits: Map<string, GitCommit>;
  tagObjects: Map<string, GitTagObject>;
  releases: ReleaseRecord[];
}

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Git's own blob id, so a sha read from the contents API is the one `git hash-object` gives. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export function treeSha(files: ReadonlyMap<string, string>): string {
  const entries = [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sha1(`tree\0${entries.map(([path, content]) => `${path}\0${blobSha(content)}`).join('\n')}`);
}

/** GitHub writes timestamps as `2019-05-15T15:20:41Z`. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function messageHeadline(message: string): string {
  return message.split('\n', 1)[0] ?? '';
}

export function messageBody(message: string): string {
  const newline = message.indexOf('\n');
  return newline < 0 ? '' : message.slice(newline + 1).replace(/^\n+/, '');
}

export function diffFiles(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): FileChanges {
  const changes: FileChanges = { added: [], removed: [], modified: [] };
  for (const [path, content] of after) {
    const old = before.get(path);
    if (old === undefined) changes.added.push(path);
    else if (old !== content) changes.modified.push(path);
  }
  for (const path of before.keys()) if (!after.has(path)) changes.removed.push(path);
  return changes;
}

export function lineCount(text: string | undefined): number {
  if (!text) return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

export function comparisonStatus(aheadBy: number, behindBy: number): 'ahead' | 'behind' | 'diverged' | 'identical' {
  if (aheadBy > 0 && behindBy > 0) return 'diverged';
  if (aheadBy > 0) return 'ahead';
  if (behindBy > 0) return 'behind';
  return 'identical';
}

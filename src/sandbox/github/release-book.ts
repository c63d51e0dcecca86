import type { ReleaseRecord, RepoRecord } from './git-objects.js';
import type { GitModel } from './git-model.js';
import { sha1 } from './git-objects.js';

export interface ReleaseInput {
  tagName: string;
  targetCommitish?: string;
  name?: string;
  body?: string;
  draft?: boolean;
  prerelease?: boolean;
  /** what the request said, as GitHub takes it: "true" | "false" | "legacy" (absent = "true") */
  makeLatest?: MakeLatest;
}

export type MakeLatest = 'true' | 'false' | 'legacy';

export type CreateReleaseResult = { ok: true; release: ReleaseRecord } | { ok: false; reason: 'already_exists' | 'invalid_target' };

/** Releases of the organisation's repositories, with GitHub's rules on tags and drafts. */
export class ReleaseBook {
  private nextId = 1;
  /** the release each repository shows as "Latest", by repository id, once one was made latest explicitly */
  private readonly latestId = new Map<number, number>();

  constructor(private readonly git: GitModel) {}

  /**
   * GitHub refuses a second published release for a tag; drafts do not hold the tag. A release
   * for a tag that does not exist yet creates it (lightweight) on `target_commitish` when it is
   * published, and never moves an existing tag.
   */
  create(repo: RepoRecord, input: ReleaseInput): CreateReleaseResult {
    const draft = input.draft ?? false;
    if (this.publishedFor(repo, input.tagName)) return { ok: false, reason: 'already_exists' };
    const targetCommitish = input.targetCommitish ?? repo.defaultBranch;
    if (!draft && !repo.tags.has(input.tagName)) {
      const target = this.git.resolveCommit(repo, targetCommitish);
      if (!target) return { ok: false, reason: 'invalid_target' };
      this.git.createRef(repo, `refs/tags/${input.tagName}`, target.sha);
    }
    const now = this.git.now();
    const id = this.nextId++;
    const release: ReleaseRecord = {
      id,
      tagName: input.tagName,
      name: input.name ?? input.tagName,
      body: input.body ?? '',
      draft,
      prerelease: input.prerelease ?? false,
      targetCommitish,
      createdAt: now,
      publishedAt: draft ? null : now,
      untaggedId: sha1(`release\0${id}`).slice(0, 20),
      makeLatest: input.makeLatest ?? null,
    };
    repo.releases.push(release);
    this.markLatest(repo, release, input.makeLatest);
    return { ok: true, release };
  }

  /** PATCH semantics: publishing a draft creates its tag like `create` does. */
  update(repo: RepoRecord, release: ReleaseRecord, patch: Partial<ReleaseInput>): CreateReleaseResult {
    const tagName = patch.tagName ?? release.tagName;
    const willBeDraft = patch.draft ?? release.draft;
    const other = this.publishedFor(repo, tagName);
    if (!willBeDraft && other && other.id !== release.id) return { ok: false, reason: 'already_exists' };
    const targetCommitish = patch.targetCommitish ?? release.targetCommitish;
    const publishing = release.draft && !willBeDraft;
    if (!willBeDraft && !repo.tags.has(tagName)) {
      const target = this.git.resolveCommit(repo, targetCommitish);
      if (!target) return { ok: false, reason: 'invalid_target' };
      this.git.createRef(repo, `refs/tags/${tagName}`, target.sha);
    }
    Object.assign(release, {
      tagName,
      targetCommitish,
      name: patch.name ?? release.name,
      body: patch.body ?? release.body,
      prerelease: patch.prerelease ?? release.prerelease,
      draft: willBeDraft,
      publishedAt: willBeDraft ? null : (release.publishedAt ?? this.git.now()),
      makeLatest: patch.makeLatest ?? release.makeLatest,
    });
    // "Defaults to true for newly published releases": publishing a draft is one; an edit is not.
    if (patch.makeLatest !== undefined || publishing) this.markLatest(repo, release, patch.makeLatest);
    return { ok: true, release };
  }

  byId(repo: RepoRecord, id: number): ReleaseRecord | undefined {
    return repo.releases.find((r) => r.id === id);
  }

  /** `GET /releases/tags/{tag}` never returns drafts. */
  publishedFor(repo: RepoRecord, tag: string): ReleaseRecord | undefined {
    return repo.releases.find((r) => !r.draft && r.tagName === tag);
  }

  /** Newest first, as `GET /releases` lists them. */
  list(repo: RepoRecord): ReleaseRecord[] {
    return [...repo.releases].sort((a, b) => b.id - a.id);
  }

  /**
   * The release shown as "Latest". `make_latest` decides it (https://docs.github.com/rest/releases/releases#create-a-release):
   * "Drafts and prereleases cannot be set as latest. Defaults to true for newly published
   * releases. legacy specifies that the latest release should be determined based on the release
   * creation date and higher semantic version." Without an explicit choice still standing, the
   * legacy rule of #get-the-latest-release applies: "the most recent non-prerelease, non-draft
   * release, sorted by the created_at attribute".
   */
  latest(repo: RepoRecord): ReleaseRecord | undefined {
    const chosen = this.latestId.get(repo.id);
    const explicit = chosen === undefined ? undefined : repo.releases.find((r) => r.id === chosen && !r.draft && !r.prerelease);
    return explicit ?? this.list(repo).find((r) => !r.draft && !r.prerelease);
  }

  private markLatest(repo: RepoRecord, release: ReleaseRecord, makeLatest: MakeLatest | undefined): void {
    if (release.draft || release.prerelease) return;
    if (makeLatest === undefined || makeLatest === 'true') this.latestId.set(repo.id, release.id);
    else if (makeLatest === 'legacy') this.latestId.delete(repo.id);
  }
}

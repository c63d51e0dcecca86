import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type EmulatorStats, StatsRecorder } from './emulator-stats.js';
import { type FailureMatch, FailureScript, type ScriptedFailure } from './failure-script.js';
import { DeploymentBook } from './deployment-book.js';
import { type DeploymentInfo, deploymentInfos } from './deployment-info.js';
import { GitModel } from './git-model.js';
import type { Person } from './git-objects.js';
import { GitHubUrls } from './github-urls.js';
import { executeGraphql } from './graphql-endpoint.js';
import { buildGitHubSchema } from './graphql-schema.js';
import { type PushOptions, buildPushPayload } from './push-payload.js';
import { PrimaryLimit, type EnforcedPrimaryLimit } from './primary-limit.js';
import { ReleaseBook } from './release-book.js';
import { type ReleaseInfo, releaseInfos } from './release-info.js';
import { type BeforeRespondHook, createRequestListener } from './request-pipeline.js';
import { ChecksBook } from './checks-book.js';
import { EmulatedCi } from './emulated-ci.js';
import type { RouteContext } from './rest-router.js';
import { restApi } from './rest-api.js';
import { type TagInfo, tagInfos } from './tag-info.js';
import { SlidingWindowLimiter, type WriteLimit } from './write-limiter.js';
import { AppRegistry, BOT_EVENTS, BOT_PERMISSIONS } from './app-registry.js';

export type { EmulatorStats, RequestRecord } from './emulator-stats.js';
export type { FailureMatch, ScriptedFailure } from './failure-script.js';
export type { Person } from './git-objects.js';
export type { PushOptions } from './push-payload.js';
export type { CheckRunInfo, WebhookEvent } from './emulated-ci.js';
export type { BeforeRespondHook } from './request-pipeline.js';
export type { TagInfo } from './tag-info.js';
export type { ReleaseInfo } from './release-info.js';
export type { DeploymentInfo } from './deployment-info.js';
export { ZERO_SHA } from './git-objects.js';

export interface GitHubEmulatorOptions {
  /** 0 (default) = a free port; always on 127.0.0.1 */
  port?: number;
  /** default 'acme' */
  org?: string;
  /** default 'ghp_sandbox'; other requests get 401 Bad credentials */
  token?: string;
  /** added to every request, counted in flight */
  latencyMs?: number;
  /** content-creating requests beyond `max` in any `windowMs` get a secondary-limit 403; several limits (a minute's and an hour's) all apply */
  writeLimit?: WriteLimit | WriteLimit[];
  /** for dates in commits, tags, releases and payloads */
  clock?: () => Date;
  /** how long an installation token lives; GitHub's is an hour (the default) */
  installationTokenTtlMs?: number;
  /** the organisation's members, for an installation's rate limit (default 1) */
  orgMembers?: number;
  /** refuse REST requests past a primary limit, as GitHub does (a scaled-down hour); reported only by default */
  primaryLimit?: EnforcedPrimaryLimit;
}

/**
 * GitHub (Enterprise Server style: REST under /api/v3, GraphQL at /api/graphql) on loopback,
 * for the real Octokit to talk to. Tests seed it and act as developers through the methods
 * below, then observe what the client did.
 */
export class GitHubEmulator {
  readonly org: string;
  readonly token: string;
  private readonly git: GitModel;
  private readonly releaseBook: ReleaseBook;
  private readonly deploymentBook: DeploymentBook;
  private readonly checksBook: ChecksBook;
  /** CI reporting on commits (statuses, check runs); each call returns the webhooks GitHub would send */
  readonly ci: EmulatedCi;
  private readonly recorder = new StatsRecorder();
  private readonly failures = new FailureScript();
  private readonly apps: AppRegistry;
  private readonly primary: PrimaryLimit;
  private readonly server: Server;
  private urls: GitHubUrls;
  private hook: BeforeRespondHook | undefined;

  private constructor(opts: GitHubEmulatorOptions) {
    this.org = opts.org ?? 'acme';
    this.token = opts.token ?? 'ghp_sandbox';
    this.git = new GitModel(opts.clock ?? (() => new Date()));
    this.releaseBook = new ReleaseBook(this.git);
    this.deploymentBook = new DeploymentBook(this.git);
    this.checksBook = new ChecksBook(this.git);
    this.urls = new GitHubUrls('http://127.0.0.1:0', this.org);
    const ctx: RouteContext = { org: this.org, git: this.git, releases: this.releaseBook, checks: this.checksBook, urls: () => this.urls };
    this.apps = new AppRegistry({ tokenTtlMs: opts.installationTokenTtlMs });
    const primary = new PrimaryLimit(() => ({ repositories: this.git.list().length, users: opts.orgMembers ?? 1 }), opts.primaryLimit);
    this.primary = primary;
    const router = restApi(ctx, { apps: this.apps, primary, deployments: this.deploymentBook });
    this.ci = new EmulatedCi(this.git, this.checksBook, () => this.urls);
    const schema = buildGitHubSchema();
    this.server = createServer(
      createRequestListener({
        token: this.token,
        apps: this.apps,
        primary,
        latencyMs: opts.latencyMs ?? 0,
        stats: this.recorder,
        failures: this.failures,
        limiter: opts.writeLimit ? new SlidingWindowLimiter(opts.writeLimit) : undefined,
        router,
        graphql: async (body) => executeGraphql(schema, ctx, body),
        origin: () => this.urls.origin,
        beforeRespond: () => this.hook,
      }),
    );
  }

  static async start(opts: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
    const emulator = new GitHubEmulator(opts);
    await new Promise<void>((resolve, reject) => {
      emulator.server.once('error', reject);
      emulator.server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = emulator.server.address() as AddressInfo;
    emulator.urls = new GitHubUrls(`http://127.0.0.1:${port}`, emulator.org);
    return emulator;
  }

  /** `http://127.0.0.1:PORT/api/v3`: Octokit's `baseUrl` */
  get apiUrl(): string {
    return this.urls.api;
  }

  /** `http://127.0.0.1:PORT/api/graphql`, where Octokit's `graphql` posts with that baseUrl */
  get graphqlUrl(): string {
    return `${this.urls.origin}/api/graphql`;
  }

  /** `http://127.0.0.1:PORT`: the root of every `html_url` */
  get webUrl(): string {
    return this.urls.origin;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  // --- seed, and act as developers -------------------------------------------------------

  createRepo(name: string, o: { archived?: boolean; defaultBranch?: string; private?: boolean } = {}): void {
    this.git.createRepo(name, o);
  }

  setArchived(name: string, archived: boolean): void {
    this.git.get(name).archived = archived;
  }

  /** A commit on `branch` (default: the default branch; a new branch starts from it). Returns its sha. */
  commit(repo: string, message: string, o: { branch?: string; author?: Person; files?: Record<string, string | null> } = {}): string {
    return this.git.commit(this.git.get(repo), message, o).sha;
  }

  /** A new branch at `from` (a branch, tag or sha), as `git branch <name> <from>` and a push would make it. */
  createBranch(repo: string, name: string, from: string): string {
    const record = this.git.get(repo);
    const commit = this.git.resolveCommit(record, from);
    if (!commit) throw new Error(`GitHubEmulator: ${repo} has no commit ${from}`);
    const made = this.git.createRef(record, `refs/heads/${name}`, commit.sha);
    if (!made.ok) throw new Error(`GitHubEmulator: cannot create branch ${name} in ${repo}: ${made.reason}`);
    return commit.sha;
  }

  /** Merges branch `from` into `into` (fast-forward when it can, unless `ff: false`); returns the new head of `into`. */
  merge(repo: string, from: string, into: string, o: { ff?: boolean; message?: string } = {}): string {
    return this.git.merge(this.git.get(repo), from, into, o);
  }

  /** A lightweight tag, or an annotated one when `annotated` or a `message` is given. Never moves a tag. */
  tag(repo: string, name: string, o: { sha?: string; annotated?: boolean; message?: string } = {}): void {
    const record = this.git.get(repo);
    const sha = o.sha ?? this.head(repo);
    let target = sha;
    if (o.annotated ?? o.message !== undefined) {
      const tagObject = this.git.createTagObject(record, { tag: name, message: o.message ?? name, object: sha });
      if (!tagObject) throw new Error(`GitHubEmulator: ${sha} is not an object of ${repo}`);
      target = tagObject.sha;
    }
    const result = this.git.createRef(record, `refs/tags/${name}`, target);
    if (!result.ok) throw new Error(`GitHubEmulator: cannot tag ${repo} ${name}: ${result.reason}`);
  }

  /** A person deletes a tag (as `git push --delete origin <tag>` would). */
  deleteTag(repo: string, name: string): void {
    if (!this.git.get(repo).tags.delete(name)) throw new Error(`GitHubEmulator: ${repo} has no tag ${name}`);
  }

  head(repo: string, branch?: string): string {
    const record = this.git.get(repo);
    const name = branch ?? record.defaultBranch;
    const sha = record.heads.get(name);
    if (!sha) throw new Error(`GitHubEmulator: ${repo} has no branch ${name} (no commits yet?)`);
    return sha;
  }

  /** A `push` webhook payload for what happened to `ref`, to sign and deliver to the bot. */
  pushPayload(repo: string, o: PushOptions): Record<string, unknown> {
    return buildPushPayload(this.git, this.urls, this.git.get(repo), o);
  }

  // --- observe ----------------------------------------------------------------------------

  /** In creation order. */
  tags(repo: string): TagInfo[] {
    return tagInfos(this.git, this.git.get(repo));
  }

  /** In creation order, drafts included. */
  releases(repo: string): ReleaseInfo[] {
    return releaseInfos(this.releaseBook, this.urls, this.git.get(repo));
  }

  /** Oldest first, each with its statuses (oldest first). */
  deployments(repo: string): DeploymentInfo[] {
    return deploymentInfos(this.deploymentBook, this.git.get(repo));
  }

  file(repo: string, path: string, branch?: string): string | undefined {
    const record = this.git.get(repo);
    const sha = record.heads.get(branch ?? record.defaultBranch);
    return sha ? record.commits.get(sha)?.files.get(path) : undefined;
  }

  /** Newest first; empty for a branch without commits. */
  commitsOf(repo: string, branch?: string): { sha: string; message: string }[] {
    const record = this.git.get(repo);
    const sha = record.heads.get(branch ?? record.defaultBranch);
    return sha ? this.git.history(record, sha).map((c) => ({ sha: c.sha, message: c.message })) : [];
  }

  get stats(): EmulatorStats {
    return this.recorder.stats;
  }

  resetStats(): void {
    this.recorder.reset();
  }

  // --- GitHub Apps ------------------------------------------------------------------------

  /**
   * Registers a GitHub App with a new RSA key pair and, unless `installed: false`, installs it on
   * the organisation (all repositories) with `permissions` (default: what the release bot needs).
   */
  createApp(o: { permissions?: Record<string, 'read' | 'write'>; events?: string[]; installed?: boolean } = {}): {
    appId: number;
    clientId: string;
    privateKey: string;
    installationId: number | undefined;
  } {
    const { app, privateKey } = this.apps.createApp();
    const installation =
      o.installed === false ? undefined : this.apps.install(app.id, { permissions: o.permissions ?? BOT_PERMISSIONS, events: o.events ?? BOT_EVENTS });
    return { appId: app.id, clientId: app.clientId, privateKey, installationId: installation?.id };
  }

  uninstallApp(installationId: number): void {
    this.apps.uninstall(installationId);
  }

  /** Installation tokens minted from now on live this long (tokens already out keep theirs). */
  setInstallationTokenTtl(ms: number): void {
    this.apps.tokenTtlMs = ms;
  }

  /** Every installation token out now is refused from now on (401 Bad credentials). */
  revokeInstallationTokens(): void {
    this.apps.revokeTokens();
  }

  /** Installation tokens minted so far. */
  get installationTokensIssued(): number {
    return this.apps.tokensIssued;
  }

  /** Requests counted against the hourly primary limit of `resource` (`core`: REST, `graphql`), every identity together; a 304 counts nothing. */
  rateLimitUsed(resource: 'core' | 'graphql' = 'core'): number {
    return this.primary.used(resource, Date.now());
  }

  // --- script failures --------------------------------------------------------------------

  /**
   * The next `times` requests matching `match` get `failure` instead of their answer (before the
   * write limit and the route run, after auth). A 403 without a body gets the secondary-limit one.
   */
  failNext(match: FailureMatch, failure: ScriptedFailure, times = 1): void {
    this.failures.add(match, failure, times);
  }

  /**
   * Awaited after each answer is decided (the change already made) and before it is sent; pass
   * `undefined` to remove. For crash tests: kill the client between GitHub's change and its reply.
   */
  onBeforeRespond(hook: BeforeRespondHook | undefined): void {
    this.hook = hook;
  }
}

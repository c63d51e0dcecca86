import { WEEKLY_PATTERN } from './domain/weekly-schedule.js';
import { readFileSync, existsSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ReleaseRule } from './domain/release-rules.js';
import { branches, defaultBump, notes, releaseRule, repoOverride, type RepoOverride } from './domain/repo-override.js';
import { validateRepoFile, type RepoFile } from './domain/repo-file.js';
import { branchProblems, type BranchSpec } from './domain/release-line.js';
import { policyProblems, type PolicyEntry } from './domain/approval-policy.js';
import type { ScheduledFreeze } from './domain/freeze-window.js';
import { readGitHubCredentials, type GitHubAuth } from './github-credentials.js';
import { describeIssue, timeZone, userOrGroup } from './config-fields.js';
import { policySchema, readPolicies } from './config-policies.js';
import { freezeSchema, readFreeze } from './config-freezes.js';

export type { GitHubAuth } from './github-credentials.js';

/**
 * The one schema for the environment (secrets, endpoints) and `release-bot.yml` (policy).
 * DESIGN.md §3 is the contract; `loadConfig` lists every problem by name and never prints a
 * secret's value.
 */

export const fileSchema = z
  .object({
    approvers: z.array(userOrGroup).default([]),
    exclude: z.array(z.string().min(1)).default([]),
    defaultBump: defaultBump.default('patch'),
    tagPrefix: z.string().default('v'),
    notes: notes.default('conventional'),
    releaseRules: z.array(releaseRule).default([]),
    branches: branches.default({}),
    repos: z.record(z.string(), repoOverride).default({}),
    policies: z.array(policySchema).default([]),
    /** scheduled freezes; `/release freeze` adds ad hoc ones */
    freeze: z.array(freezeSchema).default([]),
    /** may release during a freeze and past failed checks, always audited */
    breakGlass: z.array(userOrGroup).default([]),
    /** Slack user → GitHub login: who pushed a commit, for `selfApproval: false` */
    people: z.record(z.string().regex(/^U[A-Z0-9]+$/, 'must be a Slack user ID (U…)'), z.string().min(1)).default({}),
    connectors: z
      .object({
        prefix: z.string().min(1).default('connector-'),
        tagPrefix: z.string().default(''),
        triggerRepos: z.array(z.string()).default([]),
      })
      .strict()
      .default({ prefix: 'connector-', tagPrefix: '', triggerRepos: [] }),
    github: z
      .object({
        writesPerMinute: z.number().int().positive().default(80),
        writesPerHour: z.number().int().positive().default(500),
        concurrency: z.number().int().positive().default(8),
      })
      .strict()
      .default({ writesPerMinute: 80, writesPerHour: 500, concurrency: 8 }),
    rollout: z
      .object({
        deployer: z.enum(['http', 'gitops']).default('http'),
        url: z.url().optional(),
        tokenEnv: z.string().default('DEPLOY_TOKEN'),
        repo: z.string().optional(),
        path: z.string().default('connectors/{connectorId}.yaml'),
        requireApproval: z.boolean().default(false),
      })
      .strict()
      .optional(),
    // the weekly digest of /release stats and /connectors status, posted to RELEASE_CHANNEL
    digest: z
      .object({
        weekly: z.string().regex(WEEKLY_PATTERN, 'must be a weekday and a time, like "mon 09:00"'),
        timezone: timeZone.default('UTC'),
      })
      .strict()
      .optional(),
  })
  .strict();

export type FileConfig = z.infer<typeof fileSchema>;

const envSchema = z.object({
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must be a bot token starting with xoxb-'),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'must be an app-level token starting with xapp-'),
  SLACK_API_URL: z.url().default('https://slack.com/api/'),
  // GITHUB_TOKEN and GITHUB_APP_*: read by readGitHubCredentials (a token, or a GitHub App)
  GITHUB_API_URL: z.url().default('https://api.github.com'),
  GITHUB_WEBHOOK_SECRET: z.string().min(1),
  GITHUB_ORG: z.string().regex(/^[A-Za-z0-9-]+$/, 'must be an organisation login'),
  RELEASE_CHANNEL: z.string().regex(/^[CG][A-Z0-9]+$/, 'must be a Slack channel ID (C…)'),
  RELEASE_APPROVERS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(userOrGroup)),
  BUILD_WEBHOOK_SECRET: z.string().min(1).optional(),
  DATABASE_PATH: z.string().min(1).default('./data/release-bot.db'),
  // PostgreSQL instead of SQLite: several replicas may share it.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'a postgres://user:password@host:5432/database URL')
    .optional(),
  /** names this replica in /healthz, logs and claims; the host name and process id when absent */
  RELEASE_BOT_REPLICA_ID: z.string().min(1).max(100).optional(),
  /** on PostgreSQL, how often a replica looks for work whose replica died (its claims ended with it) */
  RELEASE_BOT_TAKEOVER_MS: z.coerce.number().int().positive().default(15_000),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`.
  METRICS_TOKEN: z.string().min(1).optional(),
  RELEASE_BOT_CONFIG: z.string().default('./release-bot.yml'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // How often a release-train card may be edited; chat.update is a Tier 3 method (~50 a minute).
  RELEASE_BOT_CARD_INTERVAL_MS: z.coerce.number().int().min(0).default(1500),
  /** how often a release waiting for its checks reads them again when no webhook said they changed */
  RELEASE_BOT_CHECKS_POLL_MS: z.coerce.number().int().positive().default(60_000),
  /** GitHub's hour, as the hourly write pacing counts it (benchmarks scale it down, like the emulator's limits) */
  RELEASE_BOT_GITHUB_HOUR_MS: z.coerce.number().int().positive().default(3_600_000),
});

export interface RepoSettings {
  tagPrefix: string;
  defaultBump: 'patch' | 'none';
  notes: 'conventional' | 'github';
  channel: string;
  /**
   * The repository's own rules, then the organisation's: the first list with a rule matching a
   * commit decides it, so a repository can both add rules and overrule the organisation's
   * (`{ type: refactor, release: false }` beats a top-level `refactor → patch`).
   */
  releaseRules: ReleaseRule[][];
  /** release branches besides the default branch; a repository's own entries win */
  branches: Record<string, BranchSpec>;
}

export interface Config {
  slack: { botToken: string; appToken: string; apiUrl: string };
  github: { auth: GitHubAuth; apiUrl: string; webhookSecret: string; org: string; writesPerMinute: number; writesPerHour: number; concurrency: number };
  releaseChannel: string;
  approvers: string[];
  buildWebhookSecret: string | undefined;
  databasePath: string;
  /** DATABASE_URL: PostgreSQL (several replicas) instead of the SQLite file at databasePath */
  databaseUrl: string | undefined;
  replicaId: string | undefined;
  takeoverMs: number;
  port: number;
  metricsToken: string | undefined;
  logLevel: string;
  cardIntervalMs: number;
  githubHourMs: number;
  /** RELEASE_BOT_CHECKS_POLL_MS: the slow poll of releases waiting for their checks (webhooks wake them sooner) */
  checksPollMs: number;
  policy: FileConfig;
  /** `policies:` with their durations read */
  policies: PolicyEntry[];
  /** `freeze:`, read */
  freezes: ScheduledFreeze[];
  /** users (U…) and user groups (S…) who may release anyway */
  breakGlass: string[];
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

export function loadConfig(env: Record<string, string | undefined>, readFile = readOptionalFile): ConfigResult {
  const problems: string[] = [];
  const envResult = envSchema.safeParse(env);
  if (!envResult.success) problems.push(...envResult.error.issues.map((i) => `${i.path.join('.')}: ${describeIssue(i)}`));

  const credentials = readGitHubCredentials(env, readFile);
  if (!credentials.ok) problems.push(...credentials.problems);

  const configPath = env.RELEASE_BOT_CONFIG ?? './release-bot.yml';
  let file: FileConfig | undefined;
  const text = readFile(configPath);
  try {
    const raw = text === undefined ? {} : (parseYaml(text) ?? {});
    const fileResult = fileSchema.safeParse(raw);
    if (fileResult.success) file = fileResult.data;
    else problems.push(...fileResult.error.issues.map((i) => `${configPath}: ${i.path.join('.') || '(root)'}: ${describeIssue(i)}`));
  } catch (error) {
    problems.push(`${configPath}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  if (file) {
    problems.push(...branchProblems(file.branches).map((p) => `${configPath}: branches.${p}`));
    for (const [repo, o] of Object.entries(file.repos))
      problems.push(...branchProblems(o.branches ?? {}).map((p) => `${configPath}: repos.${repo}.branches.${p}`));
  }
  const globalApprovers = [...(envResult.success ? envResult.data.RELEASE_APPROVERS : []), ...(file?.approvers ?? [])];
  file?.policies.forEach((p, i) => {
    problems.push(...policyProblems(p, p.approvers ?? globalApprovers).map((problem) => `${configPath}: policies.${i}.${problem}`));
  });
  if (file?.rollout?.deployer === 'http' && !file.rollout.url) problems.push(`${configPath}: rollout.url: required for the http deployer`);
  if (file?.rollout?.deployer === 'gitops' && !file.rollout.repo) problems.push(`${configPath}: rollout.repo: required for the gitops deployer`);

  if (problems.length > 0 || !envResult.success || !file || !credentials.ok) return { ok: false, problems };
  const e = envResult.data;
  return {
    ok: true,
    config: {
      slack: { botToken: e.SLACK_BOT_TOKEN, appToken: e.SLACK_APP_TOKEN, apiUrl: e.SLACK_API_URL },
      github: {
        auth: credentials.auth,
        apiUrl: e.GITHUB_API_URL.replace(/\/+$/, ''),
        webhookSecret: e.GITHUB_WEBHOOK_SECRET,
        org: e.GITHUB_ORG,
        writesPerMinute: file.github.writesPerMinute,
        writesPerHour: file.github.writesPerHour,
        concurrency: file.github.concurrency,
      },
      releaseChannel: e.RELEASE_CHANNEL,
      approvers: [...new Set([...e.RELEASE_APPROVERS, ...file.approvers])],
      buildWebhookSecret: e.BUILD_WEBHOOK_SECRET,
      databasePath: e.DATABASE_PATH,
      databaseUrl: e.DATABASE_URL,
      replicaId: e.RELEASE_BOT_REPLICA_ID,
      takeoverMs: e.RELEASE_BOT_TAKEOVER_MS,
      port: e.PORT,
      metricsToken: e.METRICS_TOKEN,
      logLevel: e.LOG_LEVEL,
      cardIntervalMs: e.RELEASE_BOT_CARD_INTERVAL_MS,
      githubHourMs: e.RELEASE_BOT_GITHUB_HOUR_MS,
      checksPollMs: e.RELEASE_BOT_CHECKS_POLL_MS,
      policy: file,
      policies: readPolicies(file.policies),
      freezes: file.freeze.map(readFreeze),
      breakGlass: file.breakGlass,
    },
  };
}

/**
 * The settings that apply to one repository: its own `.github/release-bot.yml` (when valid),
 * then `repos.<name>`, then connector defaults, then the top level. Each key the file sets takes
 * the place of that key of `repos.<name>`. Approval rules and freezes are not settings of a
 * repository: they come from the organisation's file only (`policyFor`, the freeze checks).
 */
export function repoSettings(config: Config, repo: string, file?: RepoFile): RepoSettings {
  const p = config.policy;
  const override = { ...(p.repos[repo] ?? {}), ...definedKeys(file?.kind === 'valid' ? file.settings : {}) };
  const isConnector = repo.startsWith(p.connectors.prefix);
  return {
    tagPrefix: override.tagPrefix ?? (isConnector ? p.connectors.tagPrefix : p.tagPrefix),
    defaultBump: override.defaultBump ?? p.defaultBump,
    notes: override.notes ?? p.notes,
    channel: override.channel ?? config.releaseChannel,
    releaseRules: [override.releaseRules ?? [], p.releaseRules].filter((rules) => rules.length > 0),
    branches: { ...(override.branches ?? {}), ...p.branches, ...(override.branches ?? {}) },
  };
}

function definedKeys(o: RepoOverride): RepoOverride {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as RepoOverride;
}

/**
 * A repository's `.github/release-bot.yml` read from its text: YAML that does not parse is a
 * problem like any other, and the file is ignored (the organisation's settings apply).
 */
export function parseRepoFile(text: string): RepoFile {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    return { kind: 'invalid', problems: [`not valid YAML (${(error as Error).message.split('\n')[0]})`] };
  }
  return validateRepoFile(raw);
}

function readOptionalFile(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

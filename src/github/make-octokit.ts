import { Octokit } from '@octokit/rest';
import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import { SlidingWindowPacer } from './sliding-window-pacer.js';
import { installationTokenCache } from './installation-token-cache.js';
import { observedFetch, type GitHubExchange } from './observed-fetch.js';

const ReleaseBotOctokit = Octokit.plugin(retry, throttling);
export type BotOctokit = InstanceType<typeof ReleaseBotOctokit>;

/** A token, or a GitHub App's installation (its ID found at start-up): auth-app mints and refreshes its tokens. */
export type OctokitAuth = { kind: 'token'; token: string } | { kind: 'app'; appId: string; privateKey: string; installationId: number };

export interface OctokitSettings {
  auth: OctokitAuth;
  apiUrl: string;
  writesPerMinute: number;
  /** GitHub's hourly limit on content creation, counted over a sliding hour */
  writesPerHour: number;
  /** the length of that hour (benchmarks scale it down with the emulator's limits) */
  hourMs?: number;
  concurrency: number;
  logger: Logger;
  /** how many times a secondary-limit 403 or primary-limit answer is retried before the request fails */
  maxLimitRetries?: number;
  /** plugin-retry waits retryCount² × this between its retries of a 5xx (tests shorten it) */
  retryAfterBaseMs?: number;
  /** told of every HTTP exchange with GitHub, each retry included (the metrics) */
  onExchange?: (e: GitHubExchange) => void;
  /** several replicas: the organisation's write budget, shared (taken after this process's own pacing) */
  sharedWrites?: { acquire(): Promise<() => void> };
}

/** Content-creating requests: what GitHub's secondary limits count (GraphQL queries and generate-notes create nothing). */
export function isContentWrite(o: { method: string; url: string }): boolean {
  if (o.method === 'GET' || o.method === 'HEAD') return false;
  return !/^(?:https?:\/\/[^/]+)?(?:\/api)?\/graphql|\/releases\/generate-notes$/.test(o.url);
}

/**
 * The one Octokit of the bot. plugin-throttling's default groups allow one write a second and
 * one release every 3 s, a quarter of what GitHub allows: the groups are made here from
 * `github.writesPerMinute` and `github.concurrency` instead.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
 */
export function makeOctokit(s: OctokitSettings): BotOctokit {
  // 2% under the limit: requests that leave evenly spaced do not arrive evenly spaced.
  const minTime = Math.ceil((60_000 / s.writesPerMinute) * 1.02);
  const maxLimitRetries = s.maxLimitRetries ?? 5;
  const log = s.logger.child({ component: 'github' });
  const tokens = installationTokenCache();
  const octokit = new ReleaseBotOctokit({
    ...(s.auth.kind === 'token'
      ? { auth: s.auth.token }
      : {
          authStrategy: createAppAuth,
          // auth-app sends its own requests (JWT, access_tokens) with `baseUrl` of the request it authenticates
          auth: {
            appId: s.auth.appId,
            privateKey: s.auth.privateKey,
            installationId: s.auth.installationId,
            cache: tokens,
            log: { warn: (m: string) => log.warn(m) },
          },
        }),
    baseUrl: s.apiUrl,
    userAgent: 'release-bot',
    ...(s.onExchange ? { request: { fetch: observedFetch(s.onExchange) } } : {}),
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => log.warn(message),
      error: (message: string) => log.error(message),
    },
    throttle: {
      global: new Bottleneck.Group({ id: 'release-bot-global', maxConcurrent: s.concurrency }),
      // GraphQL queries pass through the write group too (plugin-throttling's rule).
      write: new Bottleneck.Group({ id: 'release-bot-write', maxConcurrent: s.concurrency, minTime }),
      // Releases "trigger notifications"; GitHub's limit for them is the content-creation one above.
      notifications: new Bottleneck.Group({ id: 'release-bot-notifications', maxConcurrent: s.concurrency }),
      onRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
        log.warn({ retryAfter, method: options.method, url: options.url, retryCount }, 'GitHub rate limit hit');
        return retryCount < maxLimitRetries;
      },
      onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
        log.warn({ retryAfter, method: options.method, url: options.url, retryCount }, 'GitHub secondary rate limit hit');
        return retryCount < maxLimitRetries;
      },
    } as never,
    // 5xx and unanswered requests: 3 more tries within the request (1 s, 4 s, 9 s); 4xx are not retried (plugin-retry's doNotRetry).
    retry: { retries: 3, retryAfterBaseValue: s.retryAfterBaseMs ?? 1000 },
  });
  // GitHub's hourly limit (500 content-creating requests), which plugin-throttling does not know:
  // every write the bot makes waits here first, then for the per-minute group above. A big train
  // waits for the hour instead of meeting a storm of 403s.
  const hourly = new SlidingWindowPacer(s.writesPerHour, s.hourMs ?? 3_600_000);
  let warnedAt = 0;
  if (s.auth.kind === 'app') {
    // A 401 with an installation token: the token ended early (revoked, a clock that is off);
    // one fresh token and one more try, then the 401 stands (the App was uninstalled or suspended).
    octokit.hook.wrap('request', async (request, options) => {
      try {
        return await request(options);
      } catch (error) {
        if ((error as { status?: unknown }).status !== 401 || /^(?:https?:\/\/[^/]+)?(?:\/api\/v3)?\/app(?:\/|$)/.test(options.url)) throw error;
        log.warn({ method: options.method, url: options.url }, 'GitHub refused the installation token (401): minting a new one and trying again once');
        tokens.clear();
        return request(options);
      }
    });
  }
  octokit.hook.wrap('request', async (request, options) => {
    if (!isContentWrite({ method: options.method, url: options.url })) return request(options);
    const waitMs = hourly.waitMs();
    if (waitMs > 0 && Date.now() - warnedAt > 60_000) {
      warnedAt = Date.now();
      log.warn({ waitMs, writesPerHour: s.writesPerHour }, "waiting for GitHub's hourly limit on content creation");
    }
    const done = await hourly.acquire();
    let shared: (() => void) | undefined;
    try {
      shared = await s.sharedWrites?.acquire();
      return await request(options);
    } finally {
      shared?.();
      done();
    }
  });
  return octokit;
}

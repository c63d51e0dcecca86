import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import { afterEach } from 'vitest';
import { GitHubEmulator, type GitHubEmulatorOptions } from '../../../src/sandbox/github/github-emulator.js';

const BotOctokit = Octokit.plugin(retry, throttling);
export type BotOctokit = InstanceType<typeof BotOctokit>;

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** The Octokit the bot builds: retry + throttling, fresh Bottleneck groups so tests do not share pacing. */
export function octokitFor(github: GitHubEmulator, o: { token?: string; secondaryRetries?: number[] } = {}): BotOctokit {
  return new BotOctokit({
    auth: o.token ?? github.token,
    baseUrl: github.apiUrl,
    log: silent,
    throttle: {
      write: new Bottleneck.Group({ maxConcurrent: 10, minTime: 0 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 10, minTime: 0 }),
      onRateLimit: () => true,
      onSecondaryRateLimit: (retryAfter: number) => {
        o.secondaryRetries?.push(retryAfter);
        return true;
      },
    },
    // plugin-retry waits retryCount² × this; 1 s in production, 10 ms here.
    retry: { retryAfterBaseValue: 10 },
  });
}

export function status(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

export async function failure(p: Promise<unknown>): Promise<{ status: number; data: { message?: string; errors?: { code?: string; field?: string }[] } }> {
  try {
    await p;
  } catch (error) {
    const e = error as { status: number; response?: { data: never } };
    return { status: e.status, data: e.response?.data ?? {} };
  }
  throw new Error('expected the request to fail');
}

/** Starts emulators for the tests of the calling file and stops them after each test. */
export function useEmulators(): (opts?: GitHubEmulatorOptions) => Promise<{ github: GitHubEmulator; octokit: BotOctokit }> {
  const running: GitHubEmulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((g) => g.stop()));
  });
  return async (opts = {}) => {
    const github = await GitHubEmulator.start(opts);
    running.push(github);
    return { github, octokit: octokitFor(github) };
  };
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { GitHubEmulator, type GitHubEmulatorOptions } from '../../src/sandbox/github/github-emulator.js';
import { SlackEmulator } from '../../src/sandbox/slack/slack-emulator.js';
import type { SpawnedBot } from './spawn-bot.js';
import { APPROVER, DEVELOPER, RELEASE_CHANNEL, eventually, worldEnv } from './world.js';

/** The emulators and the environment a crash test gives the real bot binary (spawnBot), each on port 0. */
export interface SpawnedWorld {
  slack: SlackEmulator;
  github: GitHubEmulator;
  env: Record<string, string>;
  /** runs after the test (before the emulators stop): `onCleanup(() => bot.kill())` */
  onCleanup(f: () => unknown): void;
  /** resolves when the bot answers /healthz with 200 */
  healthy(bot: SpawnedBot): Promise<void>;
}

/**
 * Crash tests kill the real bot (SIGKILL) and start it again: each registers its emulators here,
 * and everything is stopped after the test, in reverse order.
 */
export function useSpawnedWorlds(): (o: {
  config: string;
  env?: Record<string, string>;
  github?: Omit<GitHubEmulatorOptions, 'org'>;
}) => Promise<SpawnedWorld> {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const f of cleanup.reverse()) await f();
    cleanup.length = 0;
  });
  return async (o) => {
    const slack = await SlackEmulator.start({
      users: [
        { id: APPROVER, name: 'alice' },
        { id: DEVELOPER, name: 'bob' },
      ],
      channels: [{ id: RELEASE_CHANNEL, name: 'releases' }],
    });
    const github = await GitHubEmulator.start({ org: 'acme', ...o.github });
    cleanup.push(
      () => slack.stop(),
      () => github.stop(),
    );
    const dir = mkdtempSync(join(tmpdir(), 'release-bot-spawned-'));
    writeFileSync(join(dir, 'release-bot.yml'), o.config);
    return {
      slack,
      github,
      env: { ...worldEnv(slack, github, dir), PORT: '0', ...o.env },
      onCleanup: (f) => cleanup.push(f),
      healthy: async (bot) => {
        await eventually(
          async () =>
            fetch(`http://127.0.0.1:${await bot.port}/healthz`).then(
              (r) => (r.status === 200 ? r : undefined),
              () => undefined,
            ),
          20_000,
        );
      },
    };
  };
}

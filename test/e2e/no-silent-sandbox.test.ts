import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRODUCTION_VARIABLES } from '../../src/start-mode.js';
import { spawnBot } from './spawn-bot.js';

describe('a half-configured production environment', () => {
  it('exits non-zero naming each missing variable, starts no sandbox and deletes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'release-bot-partial-'));
    const sandboxDb = join(dir, 'sandbox.db');
    writeFileSync(sandboxDb, 'precious');
    // SLACK_BOT_TOKEN forgotten, and two more, with the rest set as in production.
    const bot = spawnBot({
      GITHUB_TOKEN: 'ghp_verysecretgithubtoken',
      GITHUB_WEBHOOK_SECRET: 'whsec',
      RELEASE_CHANNEL: 'C0RELEASES',
      SANDBOX_DATA_DIR: dir,
      PORT: '0',
    });
    const exit = await bot.exited;
    expect(exit.code).toBe(1);
    const out = bot.output();
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'GITHUB_ORG']) expect(out).toContain(name);
    for (const name of PRODUCTION_VARIABLES.filter((n) => !['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'GITHUB_ORG'].includes(n)))
      expect(out).not.toContain(`${name}: required`);
    expect(out).not.toContain('sandbox:');
    expect(out).not.toContain('ghp_verysecretgithubtoken');
    expect(existsSync(sandboxDb)).toBe(true);
  }, 30_000);
});

import { describe, expect, it } from 'vitest';
import { spawnBot } from './spawn-bot.js';

describe('start-up with bad configuration', () => {
  it('stops with every problem named, a non-zero exit, and no secret value printed', async () => {
    const bot = spawnBot({
      SLACK_BOT_TOKEN: 'xoxp-user-token-secret-1234',
      SLACK_APP_TOKEN: 'xapp-secret-app-token-5678',
      GITHUB_TOKEN: 'ghp_verysecretgithubtoken',
      RELEASE_CHANNEL: 'general',
      RELEASE_BOT_CONFIG: '/nonexistent/release-bot.yml',
    });
    const exit = await bot.exited;
    expect(exit.code).toBe(1);
    const out = bot.output();
    for (const name of ['SLACK_BOT_TOKEN', 'GITHUB_WEBHOOK_SECRET', 'GITHUB_ORG', 'RELEASE_CHANNEL']) expect(out).toContain(name);
    for (const secret of ['xoxp-user-token-secret-1234', 'xapp-secret-app-token-5678', 'ghp_verysecretgithubtoken']) expect(out).not.toContain(secret);
  }, 30_000);
});

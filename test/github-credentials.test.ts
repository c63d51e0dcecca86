import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { readGitHubCredentials } from '../src/github-credentials.js';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const escaped = pem.trim().replace(/\n/g, '\\n');
const noFile = () => undefined;
const base = {
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_APP_TOKEN: 'xapp-1',
  GITHUB_WEBHOOK_SECRET: 'hook-secret-value',
  GITHUB_ORG: 'acme',
  RELEASE_CHANNEL: 'C0RELEASES',
};
const problems = (env: Record<string, string | undefined>, readFile: (path: string) => string | undefined = noFile) => {
  const r = readGitHubCredentials(env, readFile);
  return r.ok ? [] : r.problems;
};

describe('readGitHubCredentials', () => {
  it('takes a token when no App variable is set', () => {
    expect(readGitHubCredentials({ GITHUB_TOKEN: 'ghp_x' }, noFile)).toEqual({ ok: true, auth: { kind: 'token', token: 'ghp_x' } });
  });

  it('takes an App ID with a PEM key, its \\n escapes turned into newlines, and an optional installation ID', () => {
    const r = readGitHubCredentials({ GITHUB_APP_ID: '12345', GITHUB_APP_PRIVATE_KEY: escaped, GITHUB_APP_INSTALLATION_ID: '678' }, noFile);
    expect(r).toEqual({ ok: true, auth: { kind: 'app', appId: '12345', privateKey: pem.trim(), installationId: 678, tokenIgnored: false } });
  });

  it('reads the key from GITHUB_APP_PRIVATE_KEY_PATH, and says the App wins over a token set too', () => {
    const r = readGitHubCredentials({ GITHUB_TOKEN: 'ghp_x', GITHUB_APP_ID: 'Iv23liABC', GITHUB_APP_PRIVATE_KEY_PATH: '/keys/app.pem' }, (p) =>
      p === '/keys/app.pem' ? pem : undefined,
    );
    expect(r).toEqual({ ok: true, auth: { kind: 'app', appId: 'Iv23liABC', privateKey: pem.trim(), installationId: undefined, tokenIgnored: true } });
  });

  it('names each half of a half-configured App, never falling back to the token', () => {
    expect(problems({ GITHUB_TOKEN: 'ghp_x', GITHUB_APP_ID: '1' })).toEqual([expect.stringMatching(/^GITHUB_APP_PRIVATE_KEY: required with GITHUB_APP_ID/)]);
    expect(problems({ GITHUB_APP_PRIVATE_KEY: pem })).toEqual([expect.stringMatching(/^GITHUB_APP_ID: required/)]);
    expect(problems({ GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY: pem, GITHUB_APP_PRIVATE_KEY_PATH: '/k.pem' })).toEqual([
      'GITHUB_APP_PRIVATE_KEY, GITHUB_APP_PRIVATE_KEY_PATH: set one of them, not both',
    ]);
    expect(problems({ GITHUB_TOKEN: 'ghp_x', GITHUB_APP_INSTALLATION_ID: '5' }).join('\n')).toMatch(
      /GITHUB_APP_ID: required[\s\S]*GITHUB_APP_PRIVATE_KEY: required/,
    );
    expect(problems({})).toEqual([expect.stringMatching(/^GITHUB_TOKEN: required \(or a GitHub App/)]);
  });

  it('names a key that does not parse, a key file that is not there and malformed IDs, with what to do', () => {
    const broken = pem.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!');
    expect(problems({ GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY: broken })).toEqual([
      expect.stringMatching(/^GITHUB_APP_PRIVATE_KEY: the private key does not parse \(.+\): paste the whole \.pem file/),
    ]);
    expect(problems({ GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY: 'hunter2-not-a-key' })).toEqual([
      expect.stringMatching(/^GITHUB_APP_PRIVATE_KEY: not a PEM private key: paste the whole \.pem file/),
    ]);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(problems({ GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY: ec })).toEqual([expect.stringMatching(/a ec key; GitHub App keys are RSA/)]);
    expect(problems({ GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY_PATH: '/nowhere.pem' })).toEqual([
      expect.stringMatching(/^GITHUB_APP_PRIVATE_KEY_PATH: no file at \/nowhere\.pem/),
    ]);
    expect(problems({ GITHUB_APP_ID: 'my-app', GITHUB_APP_PRIVATE_KEY: pem, GITHUB_APP_INSTALLATION_ID: 'abc' })).toEqual([
      expect.stringMatching(/^GITHUB_APP_ID: must be/),
      expect.stringMatching(/^GITHUB_APP_INSTALLATION_ID: must be a number/),
    ]);
  });
});

describe('loadConfig with a GitHub App', () => {
  it('needs no GITHUB_TOKEN with an App, and lists an App problem with the others without printing the key', () => {
    const ok = loadConfig({ ...base, GITHUB_APP_ID: '7', GITHUB_APP_PRIVATE_KEY: escaped }, noFile);
    expect(ok.ok && ok.config.github.auth).toMatchObject({ kind: 'app', appId: '7' });
    const bad = loadConfig({ ...base, RELEASE_CHANNEL: 'general', GITHUB_APP_ID: '7', GITHUB_APP_PRIVATE_KEY: escaped.slice(0, 200) }, noFile);
    expect(bad.ok).toBe(false);
    const text = bad.ok ? '' : bad.problems.join('\n');
    expect(text).toMatch(/RELEASE_CHANNEL[\s\S]*GITHUB_APP_PRIVATE_KEY: not a PEM private key/);
    expect(text).not.toContain(escaped.slice(40, 80));
  });
});

import { describe, expect, it } from 'vitest';
import { GITHUB_APP_VARIABLES, PRODUCTION_VARIABLES, startMode } from '../src/start-mode.js';

const full = Object.fromEntries(PRODUCTION_VARIABLES.map((n) => [n, 'x']));

describe('startMode', () => {
  it('starts the sandbox only when no production variable is set', () => {
    expect(startMode({})).toEqual({ kind: 'sandbox' });
    expect(startMode({ PORT: '3001', LOG_LEVEL: 'debug' })).toEqual({ kind: 'sandbox' });
  });

  it('starts the sandbox when asked, whatever else is set', () => {
    expect(startMode({ ...full, RELEASE_BOT_SANDBOX: '1' })).toEqual({ kind: 'sandbox' });
  });

  it('starts production when every production variable is set', () => {
    expect(startMode(full)).toEqual({ kind: 'production' });
  });

  it.each(PRODUCTION_VARIABLES)('names %s when only it is missing', (name) => {
    expect(startMode({ ...full, [name]: undefined })).toEqual({ kind: 'incomplete', missing: [name] });
  });

  it('names every missing variable of a partial environment', () => {
    expect(startMode({ GITHUB_TOKEN: 'ghp_x' })).toEqual({ kind: 'incomplete', missing: PRODUCTION_VARIABLES.filter((n) => n !== 'GITHUB_TOKEN') });
  });

  const withApp = { ...full, GITHUB_TOKEN: undefined, GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY: 'pem' };

  it('starts production with a GitHub App instead of GITHUB_TOKEN, the key inline or in a file', () => {
    expect(startMode(withApp)).toEqual({ kind: 'production' });
    expect(startMode({ ...withApp, GITHUB_APP_PRIVATE_KEY: undefined, GITHUB_APP_PRIVATE_KEY_PATH: '/k.pem' })).toEqual({ kind: 'production' });
  });

  it.each(GITHUB_APP_VARIABLES)('takes %s alone for production, never for the sandbox, and names what the App lacks', (name) => {
    const mode = startMode({ [name]: 'x' });
    expect(mode.kind).toBe('incomplete');
    const missing = mode.kind === 'incomplete' ? mode.missing : [];
    expect(missing).not.toContain('GITHUB_TOKEN');
    expect(missing).toContain('SLACK_BOT_TOKEN');
    if (name !== 'GITHUB_APP_ID') expect(missing).toContain('GITHUB_APP_ID');
    if (!name.startsWith('GITHUB_APP_PRIVATE_KEY')) expect(missing).toContain('GITHUB_APP_PRIVATE_KEY');
  });

  it('names the half of a half-configured App even when GITHUB_TOKEN is set', () => {
    expect(startMode({ ...full, GITHUB_APP_ID: '1' })).toEqual({ kind: 'incomplete', missing: ['GITHUB_APP_PRIVATE_KEY'] });
    expect(startMode({ ...full, GITHUB_APP_PRIVATE_KEY: 'pem' })).toEqual({ kind: 'incomplete', missing: ['GITHUB_APP_ID'] });
  });
});

import { describe, expect, it } from 'vitest';
import { PRODUCTION_VARIABLES, startMode } from '../src/start-mode.js';

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
});

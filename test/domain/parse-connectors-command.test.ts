import { describe, expect, it } from 'vitest';
import { parseConnectorsCommand } from '../../src/domain/parse-connectors-command.js';

describe('parseConnectorsCommand', () => {
  it('reads batch with an optional bump and --dry-run in any order', () => {
    expect(parseConnectorsCommand('batch')).toEqual({ ok: true, value: { kind: 'batch', bump: null, dryRun: false } });
    expect(parseConnectorsCommand('batch --dry-run MINOR')).toEqual({ ok: true, value: { kind: 'batch', bump: 'minor', dryRun: true } });
    expect(parseConnectorsCommand('batch \u2014dry-run')).toEqual({ ok: true, value: { kind: 'batch', bump: null, dryRun: true } });
  });
  it('answers help for nothing or help', () => {
    expect(parseConnectorsCommand('')).toEqual({ ok: true, value: { kind: 'help' } });
    expect(parseConnectorsCommand(' help ')).toEqual({ ok: true, value: { kind: 'help' } });
  });
  it('names the offending word', () => {
    expect(parseConnectorsCommand('release')).toEqual({ ok: false, error: '`release` is not a subcommand: use `batch`, `status` or `help`.' });
    expect(parseConnectorsCommand('batch huge')).toEqual({ ok: false, error: '`huge` is not a bump: use patch, minor or major.' });
    expect(parseConnectorsCommand('batch --force')).toMatchObject({ ok: false, error: expect.stringContaining('`--force`') });
    expect(parseConnectorsCommand('batch patch major')).toMatchObject({ ok: false, error: expect.stringContaining('`major`') });
    expect(parseConnectorsCommand('batch --dry-run --dry-run')).toMatchObject({ ok: false });
  });
});

describe('/connectors status', () => {
  it('reads status, with --private, and refuses anything else', () => {
    expect(parseConnectorsCommand('status')).toEqual({ ok: true, value: { kind: 'status', private: false } });
    expect(parseConnectorsCommand('STATUS --private')).toEqual({ ok: true, value: { kind: 'status', private: true } });
    expect(parseConnectorsCommand('status minor')).toMatchObject({ ok: false, error: expect.stringContaining('`minor` is not expected') });
  });
});

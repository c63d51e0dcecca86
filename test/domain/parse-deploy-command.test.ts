import { describe, expect, it } from 'vitest';
import { parseDeployCommand } from '../../src/domain/parse-deploy-command.js';

const o = { org: 'acme', connectorPrefix: 'connector-' };
const parse = (text: string) => parseDeployCommand(text, o);

describe('parseDeployCommand', () => {
  it('reads a version, rollback and unpin, keywords in any case, with an org/ prefix', () => {
    expect(parse('connector-foo 1.4.0')).toEqual({ ok: true, value: { kind: 'deploy', connectorId: 'connector-foo', version: '1.4.0' } });
    expect(parse('  acme/connector-foo   ROLLBACK ')).toEqual({ ok: true, value: { kind: 'rollback', connectorId: 'connector-foo' } });
    expect(parse('connector-foo Unpin')).toEqual({ ok: true, value: { kind: 'unpin', connectorId: 'connector-foo' } });
    expect(parse('connector-foo v2.0.0-rc.1')).toEqual({ ok: true, value: { kind: 'deploy', connectorId: 'connector-foo', version: '2.0.0-rc.1' } });
  });

  it('answers help for help and for nothing', () => {
    expect(parse('help')).toEqual({ ok: true, value: { kind: 'help' } });
    expect(parse('')).toEqual({ ok: true, value: { kind: 'help' } });
  });

  const bad: [string, RegExp][] = [
    ['connector-foo', /Say what to deploy/],
    ['connector-foo 1.4', /`1.4` is not a version/],
    ['connector-foo latest', /`latest` is not a version/],
    ['connector-foo 1.4.0 now', /`now` is not expected/],
    ['widget 1.4.0', /`widget` is not a connector/],
    ['connector- 1.4.0', /is not a connector/],
    ['other/connector-foo 1.4.0', /not in acme/],
    ['connector-&lt;b&gt; 1.0.0', /is not a connector/],
    ['help me', /`help` is not a connector|is not a connector/],
  ];
  for (const [text, message] of bad) {
    it(`explains "${text}"`, () => {
      const result = parse(text);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error).toMatch(message);
    });
  }
});

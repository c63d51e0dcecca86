import { describe, expect, it } from 'vitest';
import { makeLogger } from '../src/logger.js';

describe('logger', () => {
  it('never prints a secret, whether in a known field or inside a message', () => {
    const lines: string[] = [];
    const logger = makeLogger({ secrets: ['xoxb-very-secret', 'ghp_tokentoken'], sink: { write: (l) => lines.push(l) } });
    logger.info({ token: 'anything-at-all', headers: { authorization: 'Bearer x' } }, 'hello');
    logger.error({ err: new Error('request with ghp_tokentoken failed') }, 'token xoxb-very-secret leaked?');
    const out = lines.join('');
    expect(out).not.toContain('xoxb-very-secret');
    expect(out).not.toContain('ghp_tokentoken');
    expect(out).not.toContain('anything-at-all');
    expect(out).not.toContain('Bearer x');
    expect(out).toContain('[redacted]');
  });
});

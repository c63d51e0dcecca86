import { describe, expect, it } from 'vitest';
import { supervise } from '../../src/workflows/supervise.js';

function recorder() {
  const lines: { obj: Record<string, unknown>; msg: string }[] = [];
  return { lines, logger: { error: (obj: Record<string, unknown>, msg: string) => void lines.push({ obj, msg }) } as never };
}

describe('supervise', () => {
  it('passes a result through and logs nothing', async () => {
    const { lines, logger } = recorder();
    expect(await supervise(logger, { what: 'x', releaseId: 1 }, async () => 42)).toBe(42);
    expect(lines).toEqual([]);
  });

  it('logs a rejection once with the ids of the row, and resolves', async () => {
    const { lines, logger } = recorder();
    const boom = new Error('SQLITE_IOERR');
    expect(await supervise(logger, { what: 'release 7', releaseId: 7, batchId: 3 }, () => Promise.reject(boom))).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]!.obj).toMatchObject({ err: boom, releaseId: 7, batchId: 3 });
    expect(lines[0]!.msg).toContain('release 7 failed');
  });

  it('catches work that throws before it returns a promise', async () => {
    const { lines, logger } = recorder();
    await supervise(logger, { what: 'delivery', deliveryId: 'd-1' }, () => {
      throw new Error('sync');
    });
    expect(lines[0]!.obj).toMatchObject({ deliveryId: 'd-1' });
  });
});

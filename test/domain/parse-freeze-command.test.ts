import { describe, expect, it } from 'vitest';
import { parseReleaseCommand } from '../../src/domain/parse-release-command.js';

const parse = (text: string) => parseReleaseCommand(text, 'acme');

describe('/release freeze and unfreeze', () => {
  it('takes all or a repository, then the reason, with straight or curly quotes', () => {
    expect(parse('freeze all "incident 42"')).toEqual({ ok: true, value: { kind: 'freeze', scope: 'all', reason: 'incident 42' } });
    expect(parse('freeze acme/widget “bad deploy” of friday')).toEqual({
      ok: true,
      value: { kind: 'freeze', scope: 'widget', reason: 'bad deploy” of friday' },
    });
    expect(parse('freeze widget db migration running')).toEqual({ ok: true, value: { kind: 'freeze', scope: 'widget', reason: 'db migration running' } });
    expect(parse('FREEZE ALL incident')).toEqual({ ok: true, value: { kind: 'freeze', scope: 'all', reason: 'incident' } });
  });

  it('freezes everything when the reason comes first, in quotes', () => {
    expect(parse('freeze "incident 42"')).toEqual({ ok: true, value: { kind: 'freeze', scope: 'all', reason: 'incident 42' } });
  });

  it('keeps the reason as typed: Slack’s escaping undone (it is escaped again where it is shown)', () => {
    expect(parse('freeze all "R&amp;D &lt;outage&gt;"')).toEqual({ ok: true, value: { kind: 'freeze', scope: 'all', reason: 'R&D <outage>' } });
  });

  it('refuses a freeze without a reason, or of a repository outside the organisation', () => {
    expect(parse('freeze all')).toMatchObject({ ok: false, error: expect.stringContaining('Say why') });
    expect(parse('freeze')).toMatchObject({ ok: false, error: expect.stringContaining('Say why') });
    expect(parse('freeze other/widget "x"')).toMatchObject({ ok: false, error: expect.stringContaining('is not in acme') });
  });

  it('unfreezes all by default, a repository when named, and nothing more', () => {
    expect(parse('unfreeze')).toEqual({ ok: true, value: { kind: 'unfreeze', scope: 'all' } });
    expect(parse('unfreeze widget')).toEqual({ ok: true, value: { kind: 'unfreeze', scope: 'widget' } });
    expect(parse('unfreeze all now')).toMatchObject({ ok: false, error: expect.stringContaining('takes only a repository') });
  });
});

import { describe, expect, it } from 'vitest';
import { parseReleaseCommand } from '../../src/domain/parse-release-command.js';

const parse = (text: string) => parseReleaseCommand(text, 'acme');
const stats = (more: object = {}) => ({ ok: true, value: { kind: 'stats', target: { kind: 'all' }, days: 30, private: false, ...more } });

describe('/release stats', () => {
  it('reads everything, a repository, or the connectors, over 30 days by default', () => {
    expect(parse('stats')).toEqual(stats());
    expect(parse('stats widget')).toEqual(stats({ target: { kind: 'repo', repo: 'widget' } }));
    expect(parse('stats acme/connectors')).toEqual(stats({ target: { kind: 'repo', repo: 'connectors' } }));
    expect(parse('STATS Connectors')).toEqual(stats({ target: { kind: 'connectors' } }));
  });

  it('reads --days and --private anywhere, also with = and an em dash', () => {
    expect(parse('stats --days 7 widget')).toEqual(stats({ target: { kind: 'repo', repo: 'widget' }, days: 7 }));
    expect(parse('stats —days=365 --private')).toEqual(stats({ days: 365, private: true }));
  });

  it('refuses days out of range or not a number, naming what was typed', () => {
    expect(parse('stats --days 0')).toEqual({ ok: false, error: '`--days` takes a whole number of days from 1 to 365, not `0`.' });
    expect(parse('stats --days 10000')).toMatchObject({ ok: false, error: expect.stringContaining('not `10000`') });
    expect(parse('stats --days abc')).toMatchObject({ ok: false, error: expect.stringContaining('not `abc`') });
    expect(parse('stats --days')).toEqual({ ok: false, error: '`--days` takes a whole number of days from 1 to 365.' });
    expect(parse('stats --days 1.5')).toMatchObject({ ok: false });
  });

  it('refuses a second target, an unknown flag and a repository of another org', () => {
    expect(parse('stats widget gadget')).toMatchObject({ ok: false, error: expect.stringContaining('`gadget` is not expected') });
    expect(parse('stats --weeks 2')).toMatchObject({ ok: false, error: expect.stringContaining('`--weeks` is not an option') });
    expect(parse('stats other/widget')).toMatchObject({ ok: false, error: expect.stringContaining('is not in acme') });
    expect(parse('stats --days 3 --days 4')).toMatchObject({ ok: false, error: '`--days` is given twice: give it once.' });
  });
});

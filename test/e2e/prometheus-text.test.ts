import { describe, expect, it } from 'vitest';
import { parsePrometheusText, value } from './prometheus-text.js';

const good = ['# HELP x_total Things.', '# TYPE x_total counter', 'x_total{a="q\\"uote\\\\d",b="2"} 3', ''].join('\n');
const histogram = (plusInf: number, count: number, second = 2) =>
  [
    '# TYPE d_seconds histogram',
    `d_seconds_bucket{le="1"} 1`,
    `d_seconds_bucket{le="5"} ${second}`,
    `d_seconds_bucket{le="+Inf"} ${plusInf}`,
    'd_seconds_sum 4.5',
    `d_seconds_count ${count}`,
    '',
  ].join('\n');

describe('the strict Prometheus text reader of the metrics tests', () => {
  it('reads families, escaped label values, histograms and NaN as Prometheus does', () => {
    const families = parsePrometheusText(`${good}${histogram(2, 2)}# TYPE g gauge\ng Nan\n`);
    expect(value(families, 'x_total', { a: 'q"uote\\d', b: '2' })).toBe(3);
    expect(value(families, 'x_total', { a: 'other', b: '2' })).toBe(0);
    expect(value(families, 'd_seconds_count')).toBe(2);
    expect(Number.isNaN(value(families, 'g'))).toBe(true);
  });

  it.each([
    ['no final line feed', good.trimEnd()],
    ['a sample of no declared family', 'y 1\n'],
    ['a duplicate series', `${good}x_total{b="2",a="q\\"uote\\\\d"} 4\n`],
    ['an unescaped quote', '# TYPE x counter\nx{a="b"c"} 1\n'],
    ['a bad value', '# TYPE x gauge\nx one\n'],
    ['a bad metric name', '# TYPE 1x gauge\n'],
    ['a negative counter', '# TYPE x_total counter\nx_total -1\n'],
    ['buckets that are not cumulative', histogram(2, 2, 0)],
    ['a +Inf bucket that is not the count', histogram(2, 3)],
  ])('refuses %s', (_what, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});

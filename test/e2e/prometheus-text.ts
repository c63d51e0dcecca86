/**
 * A strict reader of the Prometheus text format 0.0.4, as Prometheus's own parser would take it
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-format-details): it throws
 * on anything a scrape would refuse or a careless exporter might write (a sample without a TYPE,
 * a bad name, an unescaped label value, a duplicate series, a histogram whose buckets are not
 * cumulative or whose +Inf bucket is not its count).
 */
export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: Sample[];
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SUFFIXES: Record<Family['type'], string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

export function parsePrometheusText(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the last line must end with a line feed');
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  text.split('\n').forEach((line, i) => {
    const at = `line ${i + 1} (${JSON.stringify(line.slice(0, 80))})`;
    if (line.trim() === '') return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (!METRIC_NAME.test(name)) throw new Error(`${at}: bad metric name`);
      const family = families.get(name) ?? { name, type: 'untyped', help: '', samples: [] };
      if (kind === 'TYPE') {
        if (!(rest in SUFFIXES)) throw new Error(`${at}: unknown type`);
        if (family.samples.length > 0) throw new Error(`${at}: TYPE after the family's samples`);
        family.type = rest as Family['type'];
      } else family.help = rest;
      families.set(name, family);
      return;
    }
    if (line.startsWith('#')) return; // a comment
    const sample = parseSample(line, at);
    const family = familyOf(families, sample.name);
    if (!family) throw new Error(`${at}: a sample of no declared family`);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) throw new Error(`${at}: duplicate series`);
    seen.add(key);
    if (family.type === 'counter' && sample.value < 0) throw new Error(`${at}: a negative counter`);
    family.samples.push(sample);
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function familyOf(families: Map<string, Family>, sampleName: string): Family | undefined {
  for (const family of families.values()) {
    if (SUFFIXES[family.type].some((suffix) => `${family.name}${suffix}` === sampleName)) return family;
  }
  return undefined;
}

function parseSample(line: string, at: string): Sample {
  const head = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{)?/.exec(line);
  if (!head) throw new Error(`${at}: bad metric name`);
  const labels: Record<string, string> = {};
  let i = head[0].length;
  if (head[2]) {
    for (;;) {
      if (line[i] === '}') {
        i += 1;
        break;
      }
      const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(i))?.[0];
      if (!name || !LABEL_NAME.test(name) || line.slice(i + name.length, i + name.length + 2) !== '="') throw new Error(`${at}: bad label`);
      i += name.length + 2;
      let value = '';
      for (;;) {
        const c = line[i];
        if (c === undefined) throw new Error(`${at}: unterminated label value`);
        i += 1;
        if (c === '"') break;
        if (c === '\\') {
          const e = line[i];
          i += 1;
          if (e === 'n') value += '\n';
          else if (e === '\\' || e === '"') value += e;
          else throw new Error(`${at}: bad escape in a label value`);
        } else value += c;
      }
      if (name in labels) throw new Error(`${at}: label ${name} twice`);
      labels[name] = value;
      if (line[i] === ',') i += 1;
      else if (line[i] !== '}') throw new Error(`${at}: expected , or }`);
    }
  }
  const rest = line.slice(i);
  const m = /^ (\S+)(?: (-?\d+))?$/.exec(rest);
  if (!m) throw new Error(`${at}: expected " <value> [<timestamp>]"`);
  return { name: head[1]!, labels, value: parseValue(m[1]!, at) };
}

// Prometheus reads values with Go's strconv.ParseFloat, which takes NaN and Inf in any case (prom-client writes "Nan").
function parseValue(text: string, at: string): number {
  if (/^\+?inf(inity)?$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(text)) return Number.NEGATIVE_INFINITY;
  if (/^nan$/i.test(text)) return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`${at}: bad value`);
  return Number(text);
}

function checkHistogram(family: Family): void {
  const series = new Map<string, { buckets: [number, number][]; count?: number; sum?: number }>();
  for (const s of family.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    if (s.name.endsWith('_bucket')) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      entry.buckets.push([parseValue(le, family.name), s.value]);
    } else if (s.name.endsWith('_count')) entry.count = s.value;
    else entry.sum = s.value;
    series.set(key, entry);
  }
  for (const [key, e] of series) {
    const sorted = [...e.buckets].sort((a, b) => a[0] - b[0]);
    if (sorted.at(-1)?.[0] !== Number.POSITIVE_INFINITY) throw new Error(`${family.name}${key}: no +Inf bucket`);
    sorted.forEach(([, v], i) => {
      if (i > 0 && v < sorted[i - 1]![1]) throw new Error(`${family.name}${key}: buckets are not cumulative`);
    });
    if (e.count !== sorted.at(-1)![1]) throw new Error(`${family.name}${key}: the +Inf bucket is not the count`);
    if (e.sum === undefined) throw new Error(`${family.name}${key}: no _sum`);
  }
}

/** The value of one series: `value(families, 'x_total', { status: 'failed' })`; 0 when the series is absent from a declared family. */
export function value(families: Map<string, Family>, sampleName: string, labels: Record<string, string> = {}): number {
  const family = familyOf(families, sampleName);
  if (!family) throw new Error(`no family for ${sampleName}`);
  const want = JSON.stringify(Object.entries(labels).sort());
  const found = family.samples.find((s) => s.name === sampleName && JSON.stringify(Object.entries(s.labels).sort()) === want);
  return found?.value ?? 0;
}

import { parseImageRef } from './rollout-image-ref.js';

export type ReplaceImageResult =
  | { kind: 'changed'; text: string; lines: number[]; from: string }
  | { kind: 'unchanged'; line: number }
  | { kind: 'bad-image' }
  | { kind: 'no-image-line' }
  | { kind: 'ambiguous'; lines: number[] };

// `image: ref`, `- image: "ref"`, `image: 'ref' # comment`: key, opening quote, ref, the rest.
const IMAGE_LINE = /^(\s*(?:-\s+)?image:[ \t]*)(["']?)([^"'\s#]+)\2([ \t]*(?:#.*)?)$/;

/**
 * The YAML text with the image reference of the connector's `image:` line(s) replaced by
 * `image`, and nothing else touched: indentation, quotes, comments, line endings and every
 * other line stay byte for byte. The line to change is the one whose image has the same
 * repository as `image`; a file with a single `image:` line has that line changed even when
 * the repository was renamed. Several lines of other images and none of this one: ambiguous.
 * Line numbers are 1-based.
 */
export function replaceImageLine(yaml: string, image: string): ReplaceImageResult {
  const wanted = parseImageRef(image);
  if (!wanted) return { kind: 'bad-image' };
  const lines = yaml.split('\n');
  const found: { index: number; m: RegExpExecArray; cr: string }[] = [];
  lines.forEach((raw, index) => {
    const cr = raw.endsWith('\r') ? '\r' : '';
    const m = IMAGE_LINE.exec(cr ? raw.slice(0, -1) : raw);
    if (m) found.push({ index, m, cr });
  });
  if (found.length === 0) return { kind: 'no-image-line' };
  const same = found.filter((f) => parseImageRef(f.m[3]!)?.repository === wanted.repository);
  const targets = same.length > 0 ? same : found.length === 1 ? found : [];
  if (targets.length === 0) return { kind: 'ambiguous', lines: found.map((f) => f.index + 1) };
  const toChange = targets.filter((t) => t.m[3] !== image);
  if (toChange.length === 0) return { kind: 'unchanged', line: targets[0]!.index + 1 };
  for (const t of toChange) {
    const [, key, quote, , rest] = t.m;
    lines[t.index] = `${key}${quote}${image}${quote}${rest}${t.cr}`;
  }
  return { kind: 'changed', text: lines.join('\n'), lines: toChange.map((t) => t.index + 1), from: toChange[0]!.m[3]! };
}

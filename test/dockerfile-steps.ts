import { cpSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { basename, join, posix, relative } from 'node:path';

/**
 * The Dockerfile, read as Docker reads it (https://docs.docker.com/reference/dockerfile/), and
 * carried out in a directory of this machine instead of a container: each stage's filesystem is
 * a folder, `/app` in stage `deps` is `<root>/deps/app`. A step this reader does not know makes
 * the recipe test fail: the Dockerfile cannot grow a step that nothing runs.
 */
export interface Instruction {
  op: string;
  args: string;
  line: number;
}

export interface Stage {
  name: string;
  from: string;
  steps: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const start = i;
    let line = lines[i]!;
    // A line ending in a backslash goes on on the next line.
    while (/\\\s*$/.test(line) && i + 1 < lines.length) line = `${line.replace(/\\\s*$/, '')} ${lines[++i]!.trim()}`;
    if (/^\s*(#|$)/.test(line)) continue;
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`Dockerfile line ${start + 1}: not an instruction: ${line}`);
    const op = m[1]!.toUpperCase();
    const args = m[2]!.trim();
    if (op === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from) throw new Error(`Dockerfile line ${start + 1}: FROM <image> [AS <name>]`);
      stages.push({ name: from[2] ?? String(stages.length), from: from[1]!, steps: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`Dockerfile line ${start + 1}: ${op} before FROM`);
      stage.steps.push({ op, args, line: start + 1 });
    }
  }
  return stages;
}

/** What a RUN step's commands are, for the test to carry them out (see `runStep`). */
export type Command =
  | { kind: 'npm-ci'; omitDev: boolean; args: string[] }
  | { kind: 'npm-run'; script: string }
  | { kind: 'mkdir'; paths: string[] }
  | { kind: 'chown'; user: string; paths: string[] };

export function parseRun(args: string, line: number): Command[] {
  return args.split('&&').map((part): Command => {
    const words = part.trim().split(/\s+/);
    const [w0, w1] = words;
    if (w0 === 'npm' && w1 === 'ci') return { kind: 'npm-ci', omitDev: words.includes('--omit=dev'), args: words.slice(2) };
    if (w0 === 'npm' && w1 === 'run' && words.length === 3) return { kind: 'npm-run', script: words[2]! };
    if (w0 === 'mkdir' && w1 === '-p') return { kind: 'mkdir', paths: words.slice(2) };
    if (w0 === 'chown' && words.length >= 3) return { kind: 'chown', user: w1!.split(':')[0]!, paths: words.slice(2) };
    throw new Error(`Dockerfile line ${line}: the recipe test does not know how to run "${part.trim()}": teach test/dockerfile-steps.ts, or keep to its steps`);
  });
}

/** The JSON (exec) form of CMD and HEALTHCHECK's CMD: a shell form would need a shell in the image, and would not pass on SIGTERM. */
export function execForm(args: string, line: number): string[] {
  const parsed: unknown = JSON.parse(args.replace(/^.*?\bCMD\s+/s, ''));
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) throw new Error(`Dockerfile line ${line}: use the exec form ["node", …]`);
  return parsed as string[];
}

/** `.dockerignore` patterns as Docker matches them: from the context's root, `*` within a name, `**` across folders. */
export function dockerignore(context: string): (relPath: string) => boolean {
  const file = join(context, '.dockerignore');
  const patterns = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
    : [];
  const regexes = patterns.map((p) => {
    // "**/" (or "**") spans folders, "*" and "?" stay within a name; the rest is literal.
    const body = p
      .replace(/^\/+/, '')
      .split(/\*\*\/?/)
      .map((part) =>
        part
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]'),
      )
      .join('(?:.*/)?');
    return new RegExp(`^${body}(?:/.*)?$`);
  });
  return (relPath) => regexes.some((r) => r.test(relPath));
}

export interface StageState {
  name: string;
  root: string;
  workdir: string;
  env: Record<string, string>;
  user?: string;
  /** folders a RUN chown gave to a user */
  owned: Map<string, string>;
  volumes: string[];
  expose: string[];
  healthcheck?: string[];
  stopSignal?: string;
  cmd?: string[];
}

/** The host path of a container path in a stage. */
export function hostPath(s: StageState, p: string): string {
  return join(s.root, posix.isAbsolute(p) ? p : posix.join(s.workdir, p));
}

/**
 * COPY as Docker does it: a folder's contents go into the destination; a file goes into it when
 * it ends with "/" or there are several sources; from the context, minus `.dockerignore`.
 */
export function copy(s: StageState, args: string, o: { context: string; stages: Map<string, StageState>; line: number }): void {
  const words = args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const fromName = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  const from = fromName === undefined ? undefined : o.stages.get(fromName);
  if (fromName !== undefined && !from) throw new Error(`Dockerfile line ${o.line}: no stage ${fromName} before this COPY`);
  const dest = paths.pop()!;
  const ignored = dockerignore(o.context);
  const into = dest.endsWith('/') || paths.length > 1;
  for (const src of paths) {
    const source = from ? hostPath(from, src) : join(o.context, src);
    if (!from && ignored(relative(o.context, source))) throw new Error(`Dockerfile line ${o.line}: ${src} is in .dockerignore: Docker would not find it`);
    if (!existsSync(source)) throw new Error(`Dockerfile line ${o.line}: ${src} does not exist`);
    const target = hostPath(s, dest);
    const isDir = statSync(source).isDirectory();
    const to = !isDir && into ? join(target, basename(source)) : target;
    mkdirSync(isDir ? to : join(to, '..'), { recursive: true });
    cpSync(source, to, {
      recursive: true,
      dereference: true,
      filter: (f) => from !== undefined || !ignored(relative(o.context, f)),
    });
  }
}

/** The development install the build stage's plain `npm ci` makes: this checkout has it already. */
export function linkDevelopmentInstall(s: StageState, context: string): void {
  symlinkSync(join(context, 'node_modules'), hostPath(s, 'node_modules'), 'dir');
}

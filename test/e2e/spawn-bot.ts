import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface SpawnedBot {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** the HTTP port the bot listens on, from its start-up log line (start it with PORT=0: no fixed or random ports) */
  port: Promise<number>;
  kill(signal?: NodeJS.Signals): void;
}

/** The real bot binary: `src/cli.ts` under tsx as `npm start` runs it, or the build (`npm run build`) as `npm run start:dist` does. */
export function spawnBot(env: Record<string, string>, o: { entry?: 'src' | 'dist'; nodeOptions?: string[] } = {}): SpawnedBot {
  const entry = o.entry === 'dist' ? ['dist/cli.js'] : ['--import', 'tsx', 'src/cli.ts'];
  const child = spawn(process.execPath, [...(o.nodeOptions ?? []), ...entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let portFound: (port: number) => void = () => {};
  const port = new Promise<number>((resolve) => {
    portFound = resolve;
  });
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const started = /"port":(\d+)[^\n]*"msg":"release-bot started"/.exec(out);
    if (started) portFound(Number(started[1]));
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => out,
    exited,
    port,
    kill: (signal = 'SIGKILL') => {
      child.kill(signal);
    },
  };
}

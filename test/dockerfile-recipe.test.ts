import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { copy, execForm, hostPath, linkDevelopmentInstall, parseDockerfile, parseRun, type StageState } from './dockerfile-steps.js';
import { useSpawnedWorlds } from './e2e/spawned-world.js';
import { eventually } from './e2e/world.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const run = promisify(execFile);
const BASE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };

/**
 * No container engine runs here (nor on CI), so this runs the Dockerfile's own steps, read from
 * it, in a temporary folder: the production install, the build, the start with a production
 * environment (pointed at the emulators), the HEALTHCHECK, and SIGTERM. Two stand-ins, both for
 * what this machine cannot fetch: the build stage's full `npm ci` is this checkout's own
 * development install (linked, not made again), and better-sqlite3's prebuilt binary, which
 * its install downloads from its GitHub release in a real build, comes from a loopback mirror
 * serving the binary this checkout compiled (prebuild-install's documented
 * `npm_config_<package>_binary_host`), so the install takes the same download path.
 */
describe('the Dockerfile', () => {
  const world = useSpawnedWorlds();
  const dir = mkdtempSync(join(tmpdir(), 'release-bot-image-'));
  // A node_modules of 210 packages: slow to remove on a busy machine.
  afterAll(() => rm(dir, { recursive: true, force: true }), 120_000);

  it('builds, installs for production, starts healthy against the emulators as its CMD, and exits 0 on SIGTERM', { timeout: 300_000 }, async () => {
    const figures: string[] = [];
    const timed = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const result = await f();
      figures.push(`${what} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      return result;
    };
    const mirror = await binaryMirror(dir);
    const stages = new Map<string, StageState>();
    let final: StageState | undefined;
    for (const stage of parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))) {
      const s: StageState = { name: stage.name, root: join(dir, stage.name), workdir: '/', env: {}, owned: new Map(), volumes: [], expose: [] };
      mkdirSync(s.root, { recursive: true });
      for (const step of stage.steps) {
        const cwd = hostPath(s, '.');
        switch (step.op) {
          case 'WORKDIR':
            s.workdir = posix.resolve(s.workdir, step.args);
            mkdirSync(hostPath(s, '.'), { recursive: true });
            break;
          case 'ENV':
            for (const pair of step.args.split(/\s+/)) {
              const m = /^(\w+)=(\S*)$/.exec(pair);
              if (!m) throw new Error(`Dockerfile line ${step.line}: ENV KEY=value`);
              s.env[m[1]!] = m[2]!;
            }
            break;
          case 'COPY':
            copy(s, step.args, { context: ROOT, stages, line: step.line });
            break;
          case 'RUN':
            for (const c of parseRun(step.args, step.line)) {
              const env = { ...BASE_ENV, ...s.env };
              if (c.kind === 'npm-ci' && !c.omitDev) linkDevelopmentInstall(s, ROOT);
              else if (c.kind === 'npm-ci')
                await timed('production install (npm ci --omit=dev):', () =>
                  run('npm', ['ci', ...c.args], {
                    cwd,
                    env: { ...env, ...mirror.env, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' },
                  }),
                );
              else if (c.kind === 'npm-run') await timed(`npm run ${c.script}:`, () => run('npm', ['run', c.script], { cwd, env }));
              else if (c.kind === 'mkdir') for (const p of c.paths) mkdirSync(hostPath(s, p), { recursive: true });
              else for (const p of c.paths) s.owned.set(posix.resolve(s.workdir, p), c.user);
            }
            break;
          case 'USER':
            s.user = step.args;
            break;
          case 'VOLUME':
            s.volumes.push(...step.args.split(/\s+/));
            break;
          case 'EXPOSE':
            s.expose.push(...step.args.split(/\s+/));
            break;
          case 'HEALTHCHECK':
            s.healthcheck = execForm(step.args, step.line);
            break;
          case 'STOPSIGNAL':
            s.stopSignal = step.args;
            break;
          case 'CMD':
            s.cmd = execForm(step.args, step.line);
            break;
          default:
            throw new Error(`Dockerfile line ${step.line}: the recipe test does not know ${step.op}`);
        }
      }
      stages.set(stage.name, s);
      final = s;
    }
    await mirror.close();
    const image = final!;
    const app = hostPath(image, '.');

    // The runtime image: slim Node.js 20, an unprivileged user who owns the database's volume.
    expect(parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).at(-1)!.from).toMatch(/^node:20[\w.-]*-slim$/);
    expect(image.user).toBeDefined();
    expect(image.user).not.toMatch(/^(root|0)$/);
    const dataDir = posix.dirname(image.env.DATABASE_PATH ?? '');
    expect(image.volumes).toContain(dataDir);
    expect(image.owned.get(dataDir)).toBe(image.user);
    expect(image.expose).toEqual([image.env.PORT]);
    expect(image.stopSignal ?? 'SIGTERM').toBe('SIGTERM');
    // Compiled JavaScript and production packages only: no sources, no TypeScript, no test tools.
    expect(existsSync(join(app, 'src'))).toBe(false);
    for (const dev of ['tsx', 'typescript', 'vitest', 'graphql', 'ws']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(app, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
    // what the compiled bot reads on PostgreSQL (DATABASE_URL): its driver and its own migrations
    expect(existsSync(join(app, 'node_modules/pg/package.json'))).toBe(true);
    expect(existsSync(join(app, 'migrations-pg/0001_schema.sql'))).toBe(true);
    expect(mirror.served()).toBe(1);
    // the same start as `npm run start:dist`: compiled JavaScript, with the same Node flags
    const startDist = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts[
      'start:dist'
    ];
    expect(image.cmd).toEqual(startDist!.split(/\s+/));

    // Start it as `docker run -e … -v data:/data` would: the image's environment, then the operator's.
    const w = await world({ config: 'approvers: [U0APPROVER]\n' });
    const env: Record<string, string> = {
      ...BASE_ENV,
      ...image.env,
      ...w.env,
      DATABASE_PATH: hostPath(image, image.env.DATABASE_PATH!),
      PORT: '0',
    };
    const t0 = performance.now();
    const bot = spawn(process.execPath, image.cmd!.slice(1), { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    bot.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    bot.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => bot.on('exit', (code) => resolve(code)));
    w.onCleanup(() => bot.kill('SIGKILL'));
    const port = await eventually(async () => /"port":(\d+)[^\n]*"msg":"release-bot started"/.exec(out)?.[1], 60_000).catch((error: unknown) => {
      throw new Error(`the bot did not start: ${String(error)}\n${out}`);
    });
    await eventually(async () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => (r.status === 200 ? true : undefined)), 30_000);
    figures.push(`start → /healthz 200: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(existsSync(env.DATABASE_PATH!)).toBe(true);
    // The HEALTHCHECK as Docker runs it, in the container's environment.
    const check = () => exitCode(image.healthcheck!, { cwd: app, env: { ...BASE_ENV, ...image.env, PORT: port } });
    expect(await check()).toBe(0);

    const t1 = performance.now();
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    figures.push(`SIGTERM → exit 0: ${((performance.now() - t1) / 1000).toFixed(2)} s`);
    expect(out).not.toContain(w.env.SLACK_BOT_TOKEN!);
    // Stopped, the health check says so.
    expect(await check()).not.toBe(0);
    console.info(`[figures] Dockerfile recipe: ${figures.join(', ')}`);
  });
});

function exitCode(command: string[], o: { cwd: string; env: Record<string, string> }): Promise<number | null> {
  const [file, ...args] = command;
  return new Promise((resolve) => spawn(file === 'node' ? process.execPath : file!, args, { ...o, stdio: 'ignore' }).on('exit', (code) => resolve(code)));
}

/** better-sqlite3's prebuilt-binary host, on loopback, serving the binary this checkout built. */
async function binaryMirror(dir: string): Promise<{ env: Record<string, string>; served(): number; close(): Promise<void> }> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string };
  const staging = join(dir, 'prebuild');
  mkdirSync(join(staging, 'build/Release'), { recursive: true });
  writeFileSync(join(staging, 'build/Release/better_sqlite3.node'), readFileSync(join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')));
  // The layout of better-sqlite3's release assets: build/Release/better_sqlite3.node in a .tar.gz.
  const asset = `better-sqlite3-v${pkg.version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await run('tar', ['czf', join(dir, asset), '-C', staging, 'build']);
  const tarball = readFileSync(join(dir, asset));
  let served = 0;
  const server = createServer((req, res) => {
    if (req.url !== `/v${pkg.version}/${asset}`) {
      res.writeHead(404).end();
      return;
    }
    served += 1;
    res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': tarball.length }).end(tarball);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    env: { npm_config_better_sqlite3_binary_host: url },
    served: () => served,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

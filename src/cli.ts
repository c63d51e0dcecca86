import { startBot } from './main.js';
import { BotError } from './errors.js';
import { startMode } from './start-mode.js';
import { loadConfig } from './config.js';

/**
 * `npm start`: the bot with the environment's settings, or the sandbox (embedded Slack and
 * GitHub emulators) when no production variable is set at all (or RELEASE_BOT_SANDBOX=1).
 * Anything in between exits 1 naming every missing variable, and touches nothing.
 */
async function cli(env: NodeJS.ProcessEnv): Promise<void> {
  const mode = startMode(env);
  if (mode.kind === 'incomplete') {
    // Every problem at once: the missing variables, and whatever else is wrong with the rest.
    const loaded = loadConfig(env);
    const problems = loaded.ok ? mode.missing.map((m) => `${m}: required`) : loaded.problems;
    process.stderr.write(
      `Invalid configuration (production variables are set, so this is not the sandbox):\n${problems.map((p) => `  - ${p}`).join('\n')}\n(For the sandbox, unset them all or set RELEASE_BOT_SANDBOX=1.)\n`,
    );
    process.exit(1);
  }
  try {
    if (mode.kind === 'sandbox') {
      // A production install (npm ci --omit=dev) leaves out the emulators' packages (graphql, ws).
      const { startSandbox } = await import('./sandbox/start-sandbox.js').catch((cause: unknown) => {
        throw sandboxNotInstalled(cause);
      });
      const running = await startSandbox({ env, sink: process.stdout });
      stopOnSignal(running.stop);
      return;
    }
    const bot = await startBot({ env, sink: process.stdout });
    stopOnSignal(() => bot.stop({ graceMs: 5000, outboxMs: 3000 }));
  } catch (error) {
    if (error instanceof BotError) {
      process.stderr.write(`${error.message}.\n${error.fix}\n`);
      process.exit(1);
    }
    throw error;
  }
}

function sandboxNotInstalled(cause: unknown): unknown {
  const missing = /Cannot find package '([^']+)'/.exec(cause instanceof Error ? cause.message : '')?.[1];
  return missing ? new BotError('sandbox_not_installed', { missing }, { cause }) : cause;
}

/** SIGTERM/SIGINT: no new work, the step in flight finished or parked, a few seconds for the outbox, exit 0. */
function stopOnSignal(stop: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`stopping failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
    });
  }
}

await cli(process.env);

import { startBot } from './main.js';
import { BotError } from './errors.js';

/**
 * `npm start`: the bot with the environment's settings, or the sandbox (embedded Slack and
 * GitHub emulators) when no Slack token is set.
 */
async function cli(env: NodeJS.ProcessEnv): Promise<void> {
  const sandbox = env.RELEASE_BOT_SANDBOX === '1' || !env.SLACK_BOT_TOKEN;
  try {
    if (sandbox) {
      const { startSandbox } = await import('./sandbox/start-sandbox.js');
      const running = await startSandbox({ env, sink: process.stdout });
      stopOnSignal(running.stop);
      return;
    }
    const bot = await startBot({ env, sink: process.stdout });
    stopOnSignal(bot.stop);
  } catch (error) {
    if (error instanceof BotError && error.code === 'config_invalid') {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

function stopOnSignal(stop: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop().then(() => process.exit(0), () => process.exit(1));
    });
  }
}

await cli(process.env);

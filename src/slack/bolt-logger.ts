import { LogLevel, type Logger as SlackLogger } from '@slack/logger';
import type { Logger } from 'pino';

/** Bolt and the Socket Mode client log through the bot's pino logger (and so through its redaction). */
export function boltLogger(logger: Logger): SlackLogger {
  const log = logger.child({ component: 'slack' });
  let level = LogLevel.WARN;
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? (m.stack ?? m.message) : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: () => {},
    info: (...msg) => {
      if (level === LogLevel.INFO || level === LogLevel.DEBUG) log.info(text(msg));
    },
    warn: (...msg) => log.warn(text(msg)),
    error: (...msg) => log.error(text(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

import { pino, type Logger } from 'pino';
import { hideSecrets } from './hide-secrets.js';

export interface LineSink {
  write(line: string): unknown;
}

/**
 * The one pino logger. Known secret paths are redacted by configuration; every line also
 * passes through `hideSecrets`, so a token quoted in an error message is hidden too.
 */
export function makeLogger(o: { secrets: readonly (string | undefined)[]; sink: LineSink; level?: string }): Logger {
  const hide = hideSecrets(o.secrets);
  return pino(
    {
      level: o.level ?? 'info',
      base: { name: 'release-bot' },
      redact: {
        paths: [
          'token',
          '*.token',
          'auth',
          '*.auth',
          'headers.authorization',
          '*.headers.authorization',
          'request.headers.authorization',
          '*.request.headers.authorization',
          'config.slack',
          'config.github.auth',
          'privateKey',
          '*.privateKey',
          'config.github.webhookSecret',
        ],
        censor: '[redacted]',
      },
    },
    { write: (line: string) => o.sink.write(hide(line)) },
  );
}

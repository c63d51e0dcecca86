/**
 * The one error type for bugs and outages. Expected outcomes (nothing to release, not allowed,
 * tag exists elsewhere) are returned as values, not thrown. `message` is safe to show a user.
 */
export type ErrorCode =
  | 'config_invalid'
  | 'database_ahead'
  | 'github_unavailable'
  | 'slack_unavailable'
  | 'tag_conflict'
  | 'internal';

export class BotError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BotError';
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

import { escapeMrkdwn } from '../domain/escape-mrkdwn.js';
import { toBotError } from '../errors.js';

/**
 * The one place a failure becomes Slack text for a person: the catalogue's message and fix for
 * whatever was thrown (src/errors.ts), never an exception's own text. `attempt` says what the
 * person asked for, in plain words ("propose a release of widget"). Log the error before
 * answering with this: the answer says only that it is logged.
 */
export function errorText(error: unknown, attempt?: string): string {
  const e = toBotError(error);
  const lead = attempt ? `Could not ${attempt}: ` : '';
  return `:x: ${escapeMrkdwn(`${lead}${e.message}. ${e.fix}`)}`;
}

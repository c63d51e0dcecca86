import { Octokit } from '@octokit/rest';
import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { BotError, ERRORS, toBotError, type ErrorCode } from '../src/errors.js';
import { errorText } from '../src/slack/error-text.js';

/** A real Octokit against a scripted fetch: the RequestError it throws is the one the bot sees. */
async function githubAnswers(status: number, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const fetch = async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  const octokit = new Octokit({ auth: 'ghp_test', request: { fetch }, log: { debug() {}, info() {}, warn() {}, error() {} } });
  return octokit.rest.git.createTag({ owner: 'acme', repo: 'widget', tag: 'v1.3.0', message: 'v1.3.0', object: 'abc', type: 'commit' }).then(
    () => {
      throw new Error('expected GitHub to refuse');
    },
    (error: unknown) => error,
  );
}

const slackPlatformError = (error: string) => new webApi.WebAPIPlatformError({ ok: false, error });

describe('the error catalogue', () => {
  it('gives every code a message and a fix', () => {
    for (const [code, definition] of Object.entries(ERRORS)) {
      expect(definition.fix, code).toMatch(/^[A-Z].*\.$/s);
      const e = new BotError(
        code as ErrorCode,
        (code === 'config_invalid' ? 'Invalid configuration:\n  - X: required' : { port: 3000, versions: [9], error: 'x', missing: 'graphql' }) as never,
      );
      expect(e.message, code).toMatch(/^[A-Z]/);
      expect(e.message, code).not.toMatch(/\.$/);
      expect(e.fix).toBe(definition.fix);
      expect(e.code).toBe(code);
    }
  });

  it('keeps the details and the cause', () => {
    const cause = new Error('locked');
    const e = new BotError('database_ahead', { versions: [7, 8] }, { cause });
    expect(e).toMatchObject({ code: 'database_ahead', details: { versions: [7, 8] }, cause });
    expect(e.message).toContain('(7, 8)');
  });
});

describe('toBotError', () => {
  it('reads a 401 from GitHub as bad credentials, and says to check GITHUB_TOKEN', async () => {
    const e = toBotError(await githubAnswers(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' }));
    expect(e.code).toBe('github_bad_credentials');
    expect(e.fix).toContain('GITHUB_TOKEN');
    expect((e.cause as { status?: number }).status).toBe(401);
  });

  it('tells a 403 for permissions from a 403 for the secondary rate limit', async () => {
    const forbidden = toBotError(await githubAnswers(403, { message: 'Resource not accessible by integration' }));
    expect(forbidden.code).toBe('github_forbidden');
    expect(forbidden.message).toBe('GitHub did not allow the bot to do this (403, POST /repos/acme/widget/git/tags: Resource not accessible by integration)');
    const limited = toBotError(
      await githubAnswers(
        403,
        { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
        { 'retry-after': '60' },
      ),
    );
    expect(limited.code).toBe('github_rate_limited');
  });

  it('reads 404, 422 and 5xx from GitHub', async () => {
    expect(toBotError(await githubAnswers(404, { message: 'Not Found' })).code).toBe('github_not_found');
    const rejected = toBotError(await githubAnswers(422, { message: 'Reference already exists' }));
    expect(rejected.code).toBe('github_rejected');
    expect(rejected.message).toContain('Reference already exists');
    expect(toBotError(await githubAnswers(502, { message: 'Bad Gateway' })).code).toBe('github_unavailable');
  });

  it('reads a request that never got an answer from GitHub as GitHub unavailable', async () => {
    const fetch = async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    };
    const octokit = new Octokit({ request: { fetch }, log: { debug() {}, info() {}, warn() {}, error() {} } });
    const error = await octokit.rest.repos.get({ owner: 'acme', repo: 'widget' }).catch((e: unknown) => e);
    expect(toBotError(error).code).toBe('github_unavailable');
  });

  it('reads Slack platform errors by what Slack answered', () => {
    expect(toBotError(slackPlatformError('not_in_channel')).code).toBe('slack_not_in_channel');
    expect(toBotError(slackPlatformError('channel_not_found')).code).toBe('slack_channel_not_found');
    expect(toBotError(slackPlatformError('invalid_auth')).code).toBe('slack_bad_credentials');
    expect(toBotError(slackPlatformError('ratelimited')).code).toBe('slack_rate_limited');
    expect(toBotError(slackPlatformError('msg_too_long'))).toMatchObject({ code: 'slack_rejected', details: { error: 'msg_too_long' } });
  });

  it('reads Slack request and HTTP errors as Slack unavailable, also inside a wrapper', () => {
    expect(toBotError(new webApi.WebAPIRequestError(new Error('socket hang up'))).code).toBe('slack_unavailable');
    expect(toBotError(new webApi.WebAPIHTTPError(503, 'Service Unavailable', {})).code).toBe('slack_unavailable');
    const wrapped = new Error('Slack answered not_in_channel', { cause: slackPlatformError('not_in_channel') });
    expect(toBotError(wrapped).code).toBe('slack_not_in_channel');
  });

  it('reads anything else as internal and keeps it only as the cause', () => {
    const raw = new Error('SQLITE_IOERR: disk I/O error at /var/lib/release-bot/data.db');
    const e = toBotError(raw);
    expect(e.code).toBe('internal');
    expect(e.message).toBe('Something went wrong inside the bot; it is logged');
    expect(e.cause).toBe(raw);
    expect(toBotError('a string').code).toBe('internal');
    expect(toBotError(e)).toBe(e);
  });
});

describe('errorText', () => {
  it('shows the catalogue text, never the raw message', () => {
    const text = errorText(new Error('SQLITE_IOERR: disk I/O error at /var/lib/release-bot/data.db'), 'propose a release of widget');
    expect(text).toBe(
      ':x: Could not propose a release of widget: Something went wrong inside the bot; it is logged. Try again. If it keeps failing, tell whoever runs the bot: the log has the details.',
    );
    expect(text).not.toContain('SQLITE');
  });

  it('makes outside text inert in mrkdwn', async () => {
    const text = errorText(await githubAnswers(422, { message: 'Validation failed <!channel>' }), 'propose a release of <@U1>');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U1>');
    expect(text).toContain('&lt;!channel&gt;');
  });
});

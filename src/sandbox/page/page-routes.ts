import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { sendJson, type Route } from '../../http/http-server.js';
import { BodyTooLarge, readBody } from '../../http/read-body.js';
import { ChangeStream } from './change-stream.js';
import type { OutsideWorld } from './outside-world.js';
import { pageState, type PageWorld } from './page-state.js';
import { staticRoutes } from './static-routes.js';

/** The commands `manifest.yml` declares; Slack itself refuses any other. */
export const DECLARED_COMMANDS = ['/release', '/connectors', '/deploy'];

export interface SandboxPage {
  routes: Route[];
  /** ends the open event streams, so the bot's server can close */
  close(): void;
}

class PageInputError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The sandbox page and its API, on the bot's own port: `GET /` (the page), `GET
 * /sandbox/api/state` (one user's view of one channel, as JSON), `GET /sandbox/api/events`
 * (SSE), and `POST /sandbox/api/{say,click,select,submit,dismiss,push,build,ci}`, which act as a Slack user or as
 * the outside world. Every POST takes JSON, which a cross-site form cannot send.
 */
export function sandboxPage(world: PageWorld, outside: OutsideWorld): SandboxPage {
  const stream = new ChangeStream(world.slack);
  const userId = z.string().refine((id) => world.users.some((u) => u.id === id), 'is not a sandbox user');
  const channelId = z.string().refine((id) => world.slack.channelList().some((c) => c.id === id), 'is not a sandbox channel');
  const repo = z.string().refine((name) => world.repos.some((r) => r.name === name), 'is not a sandbox repository');
  const connector = z.string().refine((name) => world.repos.some((r) => r.name === name && r.connector), 'is not a sandbox connector');
  const target = { userId, channelId, messageTs: z.string().regex(/^\d+\.\d+$/), actionId: z.string().min(1).max(255) };

  const post = <T extends z.ZodType>(path: string, schema: T, act: (input: z.infer<T>) => Promise<unknown>): Route => ({
    method: 'POST',
    path: `/sandbox/api/${path}`,
    async handle(req, res) {
      try {
        sendJson(res, 200, await act(await readInput(req, schema)));
      } catch (error) {
        if (error instanceof PageInputError) return sendJson(res, error.status, { error: error.message });
        throw error;
      }
    },
  });

  const routes: Route[] = [
    ...staticRoutes(),
    {
      method: 'GET',
      path: '/sandbox/api/state',
      handle(req, res) {
        const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
        const user = userId.safeParse(query.get('user') ?? world.users[0]?.id);
        const channel = channelId.safeParse(query.get('channel') ?? world.slack.channelList()[0]?.id);
        if (!user.success || !channel.success) return sendJson(res, 400, { error: 'unknown user or channel' });
        sendJson(res, 200, pageState(world, user.data, channel.data));
      },
    },
    { method: 'GET', path: '/sandbox/api/events', handle: (req, res) => stream.handle(req, res) },
    post('say', z.object({ userId, channelId, text: z.string().trim().min(1).max(4000) }), async (input) => {
      const match = /^(\/\S+)\s*([\s\S]*)$/.exec(input.text);
      if (!match) {
        world.slack.userMessage({ channelId: input.channelId, userId: input.userId, text: escapeForSlack(input.text) });
        return { kind: 'message' };
      }
      const [, command = '', text = ''] = match;
      if (!DECLARED_COMMANDS.includes(command)) {
        throw new PageInputError(400, `${command} is not a command of this app: it declares ${DECLARED_COMMANDS.join(', ')}`);
      }
      const result = await world.slack.slashCommand({ command, text: text.trim(), userId: input.userId, channelId: input.channelId });
      return { kind: 'command', command, acked: result.acked, ackMs: result.ackMs, timedOut: result.timedOut ?? false, ackError: result.ackError };
    }),
    post('click', z.object(target), (input) => userAction(() => world.slack.clickButton(input))),
    post('select', z.object({ ...target, value: z.string().max(2000) }), (input) => userAction(() => world.slack.selectOption(input))),
    // The modal in front of the user: submitted with what they typed in its inputs (by block_id), or closed.
    post('submit', z.object({ userId, values: z.record(z.string().max(255), z.string().max(3000)) }), async (input) => {
      let ackPayload: unknown;
      const result = await userAction(async () => {
        const r = await world.slack.submitView(input);
        ackPayload = r.ackPayload;
        return r;
      });
      // `response_action: "errors"` keeps the modal open, each error under its input (by block_id), as Slack shows them.
      const errors = ackPayload && typeof ackPayload === 'object' && 'errors' in ackPayload ? ackPayload.errors : undefined;
      return { ...result, ...(errors && typeof errors === 'object' ? { errors } : {}) };
    }),
    post('dismiss', z.object({ userId }), async (input) => {
      try {
        world.slack.closeView(input.userId);
      } catch (error) {
        throw new PageInputError(409, error instanceof Error ? error.message : String(error));
      }
      return { closed: true };
    }),
    post('push', z.object({ repo, message: z.string().trim().min(1).max(2000), branch: z.string().max(100).optional() }), async (input) => {
      const seeded = world.repos.find((r) => r.name === input.repo);
      if (input.branch !== undefined && !seeded?.branches?.includes(input.branch)) {
        throw new PageInputError(
          400,
          `${input.repo} has no release branch ${input.branch} in the sandbox: push to ${['main', ...(seeded?.branches ?? [])].join(', ')}`,
        );
      }
      const result = await outside.push(input.repo, input.message, input.branch);
      stream.notify();
      return result;
    }),
    post(
      'build',
      z.object({
        connectorId: connector,
        version: z
          .string()
          .regex(/^\d+\.\d+\.\d+$/)
          .optional(),
      }),
      (input) => outside.build(input.connectorId, input.version),
    ),
    post(
      'ci',
      z.object({
        repo: z.string().refine((name) => world.repos.some((r) => r.name === name && r.ci), 'is not a sandbox repository with CI'),
        conclusion: z.enum(['success', 'failure']),
      }),
      async (input) => {
        const result = await outside.finishChecks(input.repo, input.conclusion);
        stream.notify();
        return result;
      },
    ),
  ];
  return { routes, close: () => stream.close() };
}

/** A click or a choice; the emulator throws, explaining why, when the element is not on screen. */
async function userAction(act: () => Promise<{ acked: boolean; ackMs: number; timedOut?: boolean; ackError?: string }>) {
  let result: Awaited<ReturnType<typeof act>>;
  try {
    result = await act();
  } catch (error) {
    throw new PageInputError(409, error instanceof Error ? error.message : String(error));
  }
  return { acked: result.acked, ackMs: result.ackMs, timedOut: result.timedOut ?? false, ackError: result.ackError };
}

/** What a person types reaches the app escaped, as Slack sends it. */
function escapeForSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

async function readInput<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<z.infer<T>> {
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) throw new PageInputError(415, 'send JSON (content-type: application/json)');
  let raw: string;
  try {
    raw = await readBody(req, 64 * 1024);
  } catch (error) {
    if (error instanceof BodyTooLarge) throw new PageInputError(413, error.message);
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new PageInputError(400, 'the body is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new PageInputError(400, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; '));
  return parsed.data;
}

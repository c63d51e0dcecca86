import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerWebApi, type WebApiDeps } from './answer-web-api.js';
import { MessageStore } from './message-store.js';
import { createIdMaker } from './normalize-blocks.js';
import { RateLimiter } from './rate-limiter.js';
import { readBody, readRequest } from './read-request.js';
import { ResponseUrls } from './response-urls.js';
import { ScriptedFailures } from './scripted-failures.js';
import { createTsClock } from './slack-ts.js';
import { SocketModeServer } from './socket-mode-server.js';
import type {
  ApiAnswer,
  ApiCall,
  EnvelopeRecord,
  EnvelopeResult,
  Person,
  ScriptedFailure,
  SlackEmulatorOptions,
  StoredEphemeral,
  StoredMessage,
} from './types.js';
import { UserActions } from './user-actions.js';
import { ModalViews, type OpenView } from './modal-views.js';
import type { Workspace } from './workspace.js';

export type { EnvelopeResult, SlackEmulatorOptions, StoredEphemeral, StoredMessage } from './types.js';

const DEFAULT_CHANNELS = [{ id: 'C0RELEASES', name: 'releases' }];

/**
 * Slack on loopback for the real Bolt `App` + `SocketModeReceiver` + `WebClient`: the Web API
 * at `apiUrl`, Socket Mode over WebSocket, response_urls, Block Kit limits and mentions as
 * Slack applies them. Emits `change` whenever a message or ephemeral is stored or updated.
 */
export class SlackEmulator extends EventEmitter {
  /** `http://127.0.0.1:PORT/api/`: give it as `slackApiUrl` to every WebClient. */
  readonly apiUrl: string;
  readonly botToken: string;
  readonly appToken: string;
  readonly teamId: string;
  readonly appId: string;
  readonly botId: string;
  readonly botUserId: string;

  private readonly store: MessageStore;
  private readonly socketMode: SocketModeServer;
  private readonly failures = new ScriptedFailures();
  private readonly callLog: ApiCall[] = [];
  private readonly webApi: WebApiDeps;
  private readonly responseUrls: ResponseUrls;
  private readonly actions: UserActions;
  private readonly ws: Workspace;
  private beforeRespondHook?: (call: { method: string; args: Record<string, unknown>; answer: ApiAnswer }) => Promise<void> | void;

  static async start(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return new SlackEmulator(server, options);
  }

  private constructor(
    private readonly server: Server,
    options: SlackEmulatorOptions,
  ) {
    super();
    const port = (server.address() as AddressInfo).port;
    const baseUrl = `http://127.0.0.1:${port}/`;
    this.apiUrl = `${baseUrl}api/`;
    this.botToken = options.botToken ?? 'xoxb-sandbox';
    this.appToken = options.appToken ?? 'xapp-sandbox';
    this.teamId = options.teamId ?? 'T0SANDBOX';
    this.appId = options.appId ?? 'A0SANDBOX';
    this.botId = options.botId ?? 'B0SANDBOX';
    this.botUserId = options.botUserId ?? 'U0BOT';
    const botName = options.botName ?? 'release-bot';
    const users = new Map<string, Person>([[this.botUserId, { id: this.botUserId, name: botName }]]);
    for (const user of options.users ?? []) users.set(user.id, { ...user });
    this.socketMode = new SocketModeServer({
      appId: this.appId,
      ackTimeoutMs: options.ackTimeoutMs ?? 3000,
      pingIntervalMs: options.pingIntervalMs ?? 5000,
    });
    this.store = new MessageStore({
      nextTs: createTsClock(),
      makeId: createIdMaker(),
      onChange: () => this.emit('change'),
      userIdsByName: () => new Map([...users.values()].map((u) => [u.name.toLowerCase(), u.id])),
    });
    this.ws = {
      teamId: this.teamId,
      teamDomain: options.teamDomain ?? 'sandbox',
      appId: this.appId,
      botId: this.botId,
      botUserId: this.botUserId,
      botName,
      baseUrl,
      store: this.store,
      users,
      channels: new Map((options.channels ?? DEFAULT_CHANNELS).map((c) => [c.id, { ...c }])),
      usergroups: new Map(Object.entries(options.usergroups ?? {}).map(([id, members]) => [id, [...members]])),
      openConnectionUrl: () => `ws://127.0.0.1:${port}/link/?ticket=${this.socketMode.issueTicket()}&app_id=${this.appId}`,
    } as Omit<Workspace, 'views'> as Workspace;
    this.ws.views = new ModalViews(this.ws, options.triggerTtlMs ?? 3000, undefined, () => this.emit('change'));
    this.responseUrls = new ResponseUrls(this.ws, undefined, options.responseUrlTtlMs);
    this.actions = new UserActions(this.ws, this.socketMode, this.responseUrls);
    this.webApi = {
      ws: this.ws,
      botToken: this.botToken,
      appToken: this.appToken,
      failures: this.failures,
      limiter: new RateLimiter(options.rateLimits ?? {}),
      record: (call) => this.callLog.push(call),
    };
    server.on('request', (req, res) => void this.route(req, res));
    server.on('upgrade', (req, socket, head) => this.socketMode.handleUpgrade(req, socket, head));
  }

  /** Closes Socket Mode connections and the server. Stop the Bolt app first, or it will try to reconnect. */
  async stop(): Promise<void> {
    await this.socketMode.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A Socket Mode client is connected and has been sent `hello`. */
  isConnected(): boolean {
    return this.socketMode.isConnected();
  }

  /** How many Socket Mode clients are connected now. */
  connectionCount(): number {
    return this.socketMode.connectionCount();
  }

  waitForConnection(timeoutMs = 10_000, count = 1): Promise<void> {
    return this.waitFor(() => this.socketMode.connectionCount() >= count || undefined, timeoutMs).then(() => undefined);
  }

  /** Slack's periodic refresh: `disconnect` (reason `refresh_requested`), then the sockets close. */
  dropConnections(): void {
    this.socketMode.dropConnections();
  }

  // --- drive as a Slack user would ---

  /** A user types `/command text` in a channel. A payload in the ack is shown like Slack shows it. */
  slashCommand(a: { command: string; text: string; userId: string; channelId: string }): Promise<EnvelopeResult> {
    return this.actions.slashCommand(a);
  }

  /** A user clicks a button the bot rendered (found by action_id in the stored message). */
  clickButton(a: { channelId: string; messageTs: string; actionId: string; userId: string; value?: string }): Promise<EnvelopeResult> {
    return this.actions.clickButton(a);
  }

  /** A user picks an option of a static_select (or overflow menu) the bot rendered. */
  selectOption(a: { channelId: string; messageTs: string; actionId: string; userId: string; value: string }): Promise<EnvelopeResult> {
    return this.actions.selectOption(a);
  }

  /** A user submits the modal open in front of them with what they typed in its inputs (by block_id). */
  submitView(a: { userId: string; values: Record<string, string> }): Promise<EnvelopeResult> {
    return this.actions.submitView(a);
  }

  /** The modals open for a user, the newest last. */
  openViews(userId: string): OpenView[] {
    return this.ws.views.openFor(userId);
  }

  /**
   * The person closes the modal in front of them (its close button, or Escape). Slack tells the
   * app only when the view asked with `notify_on_close` (a `view_closed` payload,
   * https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_closed),
   * which this emulator does not send: it refuses to close such a view rather than stay silent.
   */
  closeView(userId: string): void {
    const open = this.ws.views.openFor(userId).at(-1);
    if (!open) throw new Error(`No modal is open for ${userId}.`);
    if (open.view.notify_on_close === true) throw new Error('view_closed (notify_on_close) is not emulated');
    this.ws.views.close(open.id);
  }

  /** A person writes in the channel (a message the bot cannot update: `cant_update_message`). */
  userMessage(a: { channelId: string; userId: string; text: string; threadTs?: string }): StoredMessage {
    this.actions.ensureUser(a.userId);
    return this.store.post(a.channelId, { text: a.text }, { userId: a.userId }, a.threadTs);
  }

  // --- observe ---

  /** Top-level messages of a channel, oldest first, each in its current version. */
  messages(channelId: string): StoredMessage[] {
    return this.store.messages(channelId);
  }

  /** Replies in a thread, oldest first (the parent not included). */
  replies(channelId: string, threadTs: string): StoredMessage[] {
    return this.store.replies(channelId, threadTs);
  }

  message(channelId: string, ts: string): StoredMessage | undefined {
    return this.store.message(channelId, ts);
  }

  /** Ephemeral messages: the only place they appear. */
  ephemerals(filter?: { userId?: string; channelId?: string }): StoredEphemeral[] {
    return this.store.ephemerals(filter);
  }

  /** Web API calls (and `response_url` posts), oldest first, refused ones included. */
  calls(method?: string): ApiCall[] {
    return this.callLog.filter((c) => method === undefined || c.method === method).map((c) => ({ ...c }));
  }

  /** Every envelope sent over Socket Mode with its ack (records update if a late ack arrives). */
  envelopes(): EnvelopeRecord[] {
    return [...this.socketMode.envelopes];
  }

  channelList(): { id: string; name: string }[] {
    return [...this.ws.channels.values()].map((c) => ({ ...c }));
  }

  /** Resolves with the probe's first truthy value; checked on every `change` and every 25 ms. */
  waitFor<T>(probe: () => T | undefined | false | null, timeoutMs = 5000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let lastError: unknown;
      const check = (): boolean => {
        try {
          const value = probe();
          if (value === undefined || value === false || value === null) return false;
          cleanup();
          resolve(value);
          return true;
        } catch (error) {
          lastError = error;
          return false;
        }
      };
      const onChange = (): void => void check();
      const poll = setInterval(check, 25);
      const timer = setTimeout(() => {
        cleanup();
        const recent =
          this.callLog
            .slice(-8)
            .map((c) => (c.ok ? c.method : `${c.method}→${c.error}`))
            .join(', ') || 'none';
        const cause = lastError instanceof Error ? ` Last error from the probe: ${lastError.message}.` : '';
        reject(new Error(`waitFor timed out after ${timeoutMs} ms waiting for ${probe.toString()}.${cause} Recent Web API calls: ${recent}.`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearInterval(poll);
        clearTimeout(timer);
        this.off('change', onChange);
      };
      this.on('change', onChange);
      check();
    });
  }

  // --- script failures ---

  /**
   * Runs after a Web API method did its work and before the answer leaves: a test can kill the
   * bot here, when Slack has accepted a message the bot never hears of. `undefined` removes it.
   */
  onBeforeRespond(hook: ((call: { method: string; args: Record<string, unknown>; answer: ApiAnswer }) => Promise<void> | void) | undefined): void {
    this.beforeRespondHook = hook;
  }

  /** From now on every Web API call (but opening Socket Mode) fails this way, until `outage(undefined)`. */
  outage(failure: ScriptedFailure | undefined): void {
    this.failures.outage = failure;
  }

  /** The next `times` calls of `method` fail this way, before changing anything. */
  failNext(method: string, failure: ScriptedFailure, times = 1): void {
    this.failures.add(method, failure, times);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path.startsWith('/api/')) {
        const request = await readRequest(req);
        const method = decodeURIComponent(path.slice('/api/'.length));
        const answer = answerWebApi(this.webApi, method, request);
        if (this.beforeRespondHook) await this.beforeRespondHook({ method, args: this.callLog.at(-1)?.args ?? request.args, answer });
        return send(res, answer);
      }
      if (path.startsWith('/response/') && req.method === 'POST') {
        return send(res, this.answerResponseUrl(path.slice('/response/'.length), await readBody(req)));
      }
      send(res, { status: 404, body: { ok: false, error: 'not_found' } });
    } catch (error) {
      send(res, { status: 500, body: { ok: false, error: 'internal_error', detail: String(error) } });
    }
  }

  private answerResponseUrl(id: string, raw: string): ApiAnswer {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const args = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
    const answer = args ? this.responseUrls.answer(id, args) : { status: 400, body: { ok: false, error: 'invalid_json' } };
    const ok = answer.body.ok === true;
    this.callLog.push({ method: 'response_url', args: args ?? { raw }, ok, ...(ok ? {} : { error: String(answer.body.error) }), at: Date.now() });
    return answer;
  }
}

function send(res: ServerResponse, answer: ApiAnswer): void {
  res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', ...answer.headers });
  res.end(JSON.stringify(answer.body));
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isRecord } from './is-record.js';
import type { EnvelopeRecord } from './types.js';

export interface SocketModeServerOptions {
  appId: string;
  ackTimeoutMs: number;
  pingIntervalMs: number;
}

interface Pending {
  record: EnvelopeRecord;
  started: number;
  resolve: (record: EnvelopeRecord) => void;
  timer: NodeJS.Timeout;
}

/**
 * Slack's side of Socket Mode (https://docs.slack.dev/apis/events-api/using-socket-mode):
 * single-use connection URLs, `hello` on connect, server pings, envelopes out, acks in,
 * and `disconnect` before a refresh.
 */
export class SocketModeServer {
  readonly envelopes: EnvelopeRecord[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  /** Sockets that got `hello` and were not asked to go: where envelopes are sent. */
  private readonly ready: WebSocket[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** whose turn it is among the open connections */
  private turn = 0;

  constructor(private readonly options: SocketModeServerOptions) {}

  /** A single-use ticket for `ws://…/link/?ticket=…`, as apps.connections.open issues. */
  issueTicket(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return ticket;
  }

  /** Takes an HTTP upgrade to `/link/`; a missing or reused ticket is refused with 401. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  isConnected(): boolean {
    return this.connectionCount() > 0;
  }

  /** open connections that got `hello` (one per replica of the app, usually) */
  connectionCount(): number {
    return this.ready.filter((ws) => ws.readyState === ws.OPEN).length;
  }

  /** Like Slack's refresh: `disconnect` first, then the socket is closed if the client lingers. */
  dropConnections(): void {
    for (const ws of this.ready.splice(0)) {
      ws.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'emulator' } }));
      this.later(1000, () => ws.close(1001, 'refresh_requested'));
    }
  }

  /**
   * Sends an envelope to one open connection and resolves when it is acked, or with
   * `acked: false, timedOut: true` after `ackTimeoutMs` (a later ack still updates the record).
   * An app may hold up to 10 connections at once (several replicas, or an overlap while one is
   * refreshed), and Slack hands each envelope to one of them, not to all
   * (https://docs.slack.dev/apis/events-api/using-socket-mode#connections): here they take turns.
   */
  send(type: EnvelopeRecord['type'], payload: Record<string, unknown>, o: { acceptsResponsePayload?: boolean } = {}): Promise<EnvelopeRecord> {
    const open = this.ready.filter((s) => s.readyState === s.OPEN);
    const ws = open.length === 0 ? undefined : open[this.turn++ % open.length];
    if (!ws) {
      return Promise.reject(
        new Error(
          'No Socket Mode connection: start the Bolt app (and await emulator.waitForConnection()) before driving it. Slack would answer the user "dispatch_failed".',
        ),
      );
    }
    const record: EnvelopeRecord = { envelopeId: randomUUID(), type, payload, sentAt: Date.now(), acked: false, ackMs: 0 };
    this.envelopes.push(record);
    return new Promise((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => {
        record.timedOut = true;
        record.ackMs = this.options.ackTimeoutMs;
        resolve(record);
      }, this.options.ackTimeoutMs);
      this.pending.set(record.envelopeId, { record, started, resolve, timer });
      ws.send(
        JSON.stringify({
          envelope_id: record.envelopeId,
          payload,
          type,
          // Slack takes a response payload in the ack of slash commands and view submissions (response_action), not of block_actions.
          accepts_response_payload: o.acceptsResponsePayload ?? type === 'slash_commands',
        }),
      );
    });
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.record.timedOut = true;
      p.resolve(p.record);
    }
    this.pending.clear();
    // A clean close handshake, so a client that is shutting down does not log a 1006 error;
    // sockets that do not answer within a second are cut.
    const closing = [...this.wss.clients].map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) return resolve();
          const cut = setTimeout(() => ws.terminate(), 1000);
          ws.once('close', () => {
            clearTimeout(cut);
            resolve();
          });
          if (ws.readyState === ws.OPEN) ws.close(1001, 'going away');
        }),
    );
    await Promise.all(closing);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.onMessage(data.toString());
    });
    ws.on('close', () => {
      const i = this.ready.indexOf(ws);
      if (i >= 0) this.ready.splice(i, 1);
    });
    ws.on('error', () => ws.terminate());
    const ping = setInterval(() => ws.readyState === ws.OPEN && ws.ping(), this.options.pingIntervalMs);
    ping.unref();
    ws.on('close', () => clearInterval(ping));
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.ready.length + 1,
        debug_info: { host: 'emulator', approximate_connection_time: 18060 },
        connection_info: { app_id: this.options.appId },
      }),
      () => {
        // The client starts watching for server pings on the first one; don't make it wait.
        if (ws.readyState === ws.OPEN) {
          this.ready.push(ws);
          ws.ping();
        }
      },
    );
  }

  private onMessage(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (!isRecord(message) || typeof message.envelope_id !== 'string') return;
    const pending = this.pending.get(message.envelope_id);
    if (!pending) return;
    const { record } = pending;
    record.ackMs = Math.round(performance.now() - pending.started);
    const payload = message.payload;
    // SocketModeClient always sends `payload`, `{}` when ack() got nothing.
    if (isRecord(payload) && Object.keys(payload).length > 0) record.ackPayload = payload;
    if (record.timedOut) {
      this.pending.delete(record.envelopeId);
      return;
    }
    clearTimeout(pending.timer);
    this.pending.delete(record.envelopeId);
    record.acked = true;
    pending.resolve(record);
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }
}

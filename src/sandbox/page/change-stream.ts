import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * `GET /sandbox/api/events`: Server-Sent Events, one `change` each time the Slack emulator
 * stores or updates a message (bursts coalesced), so the page redraws as the bot edits.
 */
export class ChangeStream {
  private readonly clients = new Set<ServerResponse>();
  private pending: NodeJS.Timeout | undefined;
  private readonly keepAlive: NodeJS.Timeout;
  private closed = false;
  private readonly onChange = () => {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      this.broadcast('event: change\ndata: {}\n\n');
    }, 30);
  };

  constructor(private readonly source: EventEmitter) {
    source.on('change', this.onChange);
    // Proxies and browsers drop a silent stream; a comment line every 15 s keeps it open.
    this.keepAlive = setInterval(() => this.broadcast(': keep-alive\n\n'), 15_000);
    this.keepAlive.unref();
  }

  /** Also emitted by the page routes when GitHub changed (tags, releases) without a Slack change. */
  notify(): void {
    this.onChange();
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    if (this.closed) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('the sandbox is stopping');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
    res.write('retry: 1000\nevent: hello\ndata: {}\n\n');
    this.clients.add(res);
    req.on('close', () => this.clients.delete(res));
  }

  /** Ends every stream: the HTTP server cannot close while one is open. */
  close(): void {
    this.closed = true;
    this.source.off('change', this.onChange);
    clearInterval(this.keepAlive);
    clearTimeout(this.pending);
    for (const res of this.clients) {
      res.end();
      res.socket?.destroy();
    }
    this.clients.clear();
  }

  private broadcast(chunk: string): void {
    for (const res of this.clients) res.write(chunk);
  }
}

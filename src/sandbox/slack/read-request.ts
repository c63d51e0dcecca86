import type { IncomingMessage } from 'node:http';

export interface ApiRequest {
  args: Record<string, unknown>;
  /** From `Authorization: Bearer …`, else from a `token` argument. */
  token?: string;
  /** Set when the body could not be read as the content type it claimed. */
  malformed?: boolean;
}

/**
 * Reads a Web API request the way Slack accepts it: query string, then an
 * `application/x-www-form-urlencoded` or `application/json` body (the WebClient sends forms
 * with JSON-encoded `blocks`; `respond()` and many tools send JSON).
 */
export async function readRequest(req: IncomingMessage): Promise<ApiRequest> {
  const raw = await readBody(req);
  const url = new URL(req.url ?? '/', 'http://localhost');
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams);
  let malformed = false;
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (raw.length > 0) {
    if (type === 'application/json') {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) Object.assign(args, parsed);
        else malformed = true;
      } catch {
        malformed = true;
      }
    } else {
      Object.assign(args, Object.fromEntries(new URLSearchParams(raw)));
    }
  }
  const header = req.headers.authorization;
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const token = bearer ?? (typeof args.token === 'string' && args.token !== '' ? args.token : undefined);
  delete args.token;
  return { args, token, malformed };
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

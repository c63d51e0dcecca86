import type { IncomingMessage } from 'node:http';

/** GitHub caps webhook payloads at 25 MB. */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;

export class BodyTooLarge extends Error {}

/** The body's bytes, as they came (a signature is checked on these). Stream events, not an async iterator: this is on every webhook's path. */
export function readBodyBytes(req: IncomingMessage, max = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge(`body larger than ${max} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

export async function readBody(req: IncomingMessage, max = MAX_BODY_BYTES): Promise<string> {
  return (await readBodyBytes(req, max)).toString('utf8');
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BodyTooLarge, MAX_BODY_BYTES, readBodyBytes } from './read-body.js';

export type SignedBody = { ok: true; body: string } | { ok: false; status: number; error: string };

/**
 * Reads a body signed the way GitHub signs webhooks (`X-Hub-Signature-256: sha256=HMAC-SHA256`)
 * and checks the signature. `secretName` is the setting to name in the answer, so whoever sends
 * it knows what to check.
 */
export async function readSignedBody(
  req: IncomingMessage,
  o: { secret: string; secretName: string; maxBytes?: number; missingHint: string },
): Promise<SignedBody> {
  let bytes: Buffer;
  try {
    bytes = await readBodyBytes(req, o.maxBytes ?? MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) return { ok: false, status: 413, error: `the body is larger than ${o.maxBytes ?? MAX_BODY_BYTES} bytes` };
    throw error;
  }
  const raw = req.headers['x-hub-signature-256'];
  const signature = Array.isArray(raw) ? raw[0] : raw;
  if (!signature) return { ok: false, status: 401, error: `missing X-Hub-Signature-256 header: ${o.missingHint}` };
  if (bytes.length === 0) return { ok: false, status: 400, error: 'the body is empty: send the JSON payload, with Content-Type: application/json' };
  // The HMAC of the bytes as received (not of a string decoded and encoded again), compared in constant time.
  // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
  if (
    !/^sha256=[0-9a-f]{64}$/.test(signature) ||
    !timingSafeEqual(createHmac('sha256', o.secret).update(bytes).digest(), Buffer.from(signature.slice(7), 'hex'))
  ) {
    return {
      ok: false,
      status: 401,
      error: `X-Hub-Signature-256 does not match the body: check that the sender signs the exact bytes it sends with ${o.secretName}`,
    };
  }
  return { ok: true, body: bytes.toString('utf8') };
}

import type { MessageMetadata } from './types.js';

export type MetadataArg = { ok: true; metadata?: MessageMetadata } | { ok: false; error: 'invalid_metadata_format' | 'invalid_metadata_schema' };

/**
 * The `metadata` argument of chat.postMessage and chat.update as Slack reads it: a JSON object,
 * or a JSON string of one (form-encoded calls), holding `event_type` and `event_payload`.
 * Text that is not a JSON object is `invalid_metadata_format`; an object without a string
 * `event_type` of letters, digits and underscores, or without an object `event_payload`, is
 * `invalid_metadata_schema`.
 * https://docs.slack.dev/reference/methods/chat.postMessage (argument `metadata`, errors)
 * https://docs.slack.dev/messaging/message-metadata/designing-metadata-event-schema (event_type naming)
 */
export function readMetadata(value: unknown): MetadataArg {
  if (value === undefined || value === null || value === '') return { ok: true };
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return { ok: false, error: 'invalid_metadata_format' };
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, error: 'invalid_metadata_format' };
  const { event_type: type, event_payload: payload } = parsed as Record<string, unknown>;
  if (typeof type !== 'string' || !/^[A-Za-z0-9_]{1,255}$/.test(type)) return { ok: false, error: 'invalid_metadata_schema' };
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { ok: false, error: 'invalid_metadata_schema' };
  return { ok: true, metadata: { event_type: type, event_payload: structuredClone(payload as Record<string, unknown>) } };
}

/** `include_all_metadata` as sent, JSON or form-encoded. */
export function wantsMetadata(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

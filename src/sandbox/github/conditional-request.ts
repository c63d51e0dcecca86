import { createHash } from 'node:crypto';

/**
 * Conditional requests as GitHub answers them: most REST reads carry an `ETag`; the same read
 * with that value in `If-None-Match` gets `304 Not Modified` and no body while nothing changed.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
 */

/** A weak validator of an answer's body, as GitHub gives them (`W/"…"`). */
export function entityTag(payload: string): string {
  return `W/"${createHash('sha256').update(payload).digest('hex').slice(0, 40)}"`;
}

/**
 * Whether `If-None-Match` names `etag`: a list of validators or `*`, compared weakly (the
 * `W/` prefix does not count), as RFC 9110 §13.1.2 asks of `If-None-Match`.
 */
export function notModified(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const given = (Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch).split(',').map(opaque);
  return given.includes('*') || given.includes(opaque(etag));
}

export const DOCS = 'https://docs.github.com/rest';

/** An answer other than 2xx, with GitHub's body: `{message, documentation_url, status}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message ?? status));
  }
}

export function githubError(status: number, message: string, documentationUrl = DOCS, extra: Record<string, unknown> = {}): HttpError {
  return new HttpError(status, { message, ...extra, documentation_url: documentationUrl, status: String(status) });
}

export function notFound(documentationUrl = DOCS): HttpError {
  return githubError(404, 'Not Found', documentationUrl);
}

/** 422 with GitHub's `errors` array, e.g. `[{resource:'Release', code:'already_exists', field:'tag_name'}]`. */
export function validationFailed(errors: Record<string, unknown>[], documentationUrl = DOCS): HttpError {
  return githubError(422, 'Validation Failed', documentationUrl, { errors });
}

/** GitHub's answer when a required body parameter is missing or of the wrong type. */
export function invalidRequest(detail: string, documentationUrl = DOCS): HttpError {
  return githubError(422, `Invalid request.\n\n${detail}`, documentationUrl);
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

export function requiredString(body: unknown, name: string, doc = DOCS): string {
  const value = field(body, name);
  if (value === undefined || value === null) throw invalidRequest(`"${name}" wasn't supplied.`, doc);
  if (typeof value !== 'string') throw invalidRequest(`For 'properties/${name}', ${JSON.stringify(value)} is not a string.`, doc);
  return value;
}

export function optionalString(body: unknown, name: string, doc = DOCS): string | undefined {
  const value = field(body, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`For 'properties/${name}', ${JSON.stringify(value)} is not a string.`, doc);
  return value;
}

export function optionalBoolean(body: unknown, name: string, doc = DOCS): boolean | undefined {
  const value = field(body, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidRequest(`For 'properties/${name}', ${JSON.stringify(value)} is not a boolean.`, doc);
  return value;
}

export function optionalPerson(body: unknown, name: string): { name: string; email: string } | undefined {
  const value = field(body, name);
  if (typeof value !== 'object' || value === null) return undefined;
  const person = value as Record<string, unknown>;
  if (typeof person.name !== 'string' || typeof person.email !== 'string') return undefined;
  return { name: person.name, email: person.email };
}

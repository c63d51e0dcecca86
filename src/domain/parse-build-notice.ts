import semver from 'semver';
import { z } from 'zod';
import type { BuildNotice } from './rollout-model.js';
import { parseImageRef } from './rollout-image-ref.js';

export type BuildNoticeResult = { ok: true; notice: BuildNotice } | { ok: false; status: 400 | 422; error: string };

export const BUILD_NOTICE_EXAMPLE = '{"build":{"type":"connector","connectorId":"connector-foo","image":"ghcr.io/acme/connector-foo:1.4.0","version":"1.4.0"}}';

const CONNECTOR_ID = /^[A-Za-z0-9._-]{1,100}$/;

const schema = z.object(
  {
    build: z.object(
      {
        type: z.string({ error: (i) => (i.input === undefined ? 'required' : 'must be a string') }),
        connectorId: z.string({ error: (i) => (i.input === undefined ? 'required' : 'must be a string') }),
        image: z.string({ error: (i) => (i.input === undefined ? 'required' : 'must be a string') }),
        version: z.string({ error: (i) => (i.input === undefined ? 'required' : 'must be a string') }),
      },
      { error: (i) => (i.input === undefined ? 'required' : 'must be an object') },
    ),
  },
  { error: 'must be a JSON object' },
);

/**
 * Reads the body CI posts to `POST /api/builds` (DESIGN.md §4). Every problem is named with
 * the field and what to send instead: 400 for a body that is not JSON, 422 for JSON that is
 * not a connector build.
 */
export function parseBuildNotice(body: string, o: { connectorPrefix: string }): BuildNoticeResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, status: 400, error: `the body is not JSON; send ${BUILD_NOTICE_EXAMPLE} with content-type application/json` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    return { ok: false, status: 422, error: `not a build notice (${problems.join('; ')}); expected ${BUILD_NOTICE_EXAMPLE}` };
  }
  const { type, connectorId, image, version } = parsed.data.build;
  if (type !== 'connector') return unprocessable(`build.type ${JSON.stringify(type.slice(0, 40))} is not supported: only "connector" builds are rolled out`);
  if (!CONNECTOR_ID.test(connectorId)) return unprocessable('build.connectorId must be a repository name (letters, digits, ".", "_" and "-")');
  if (!connectorId.startsWith(o.connectorPrefix)) {
    return unprocessable(
      `build.connectorId "${connectorId}" is not a connector: connector names start with "${o.connectorPrefix}" (connectors.prefix in release-bot.yml)`,
    );
  }
  const ref = parseImageRef(image);
  if (!ref) return unprocessable('build.image is not an image reference like ghcr.io/acme/connector-foo:1.4.0');
  if (!ref.tag && !ref.digest)
    return unprocessable('build.image has neither a tag nor a digest: send the exact image CI pushed, like ghcr.io/acme/connector-foo:1.4.0');
  if (!isVersion(version)) return unprocessable(`build.version ${JSON.stringify(version.slice(0, 40))} is not a semantic version like 1.4.0`);
  return { ok: true, notice: { connectorId, image, version } };
}

/** A bare semver version (`1.4.0`, `2.0.0-rc.1`); no leading `v`, no coercion. */
export function isVersion(v: string): boolean {
  return /^\d[0-9A-Za-z.+-]*$/.test(v) && v.length <= 100 && semver.valid(v) !== null;
}

function unprocessable(error: string): BuildNoticeResult {
  return { ok: false, status: 422, error };
}

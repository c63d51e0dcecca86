import { describe, expect, it } from 'vitest';
import { isVersion, parseBuildNotice } from '../../src/domain/parse-build-notice.js';

const o = { connectorPrefix: 'connector-' };
const notice = (build: Record<string, unknown>) =>
  JSON.stringify({ build: { type: 'connector', connectorId: 'connector-foo', image: 'ghcr.io/acme/connector-foo:1.4.0', version: '1.4.0', ...build } });

describe('parseBuildNotice', () => {
  it('reads the body CI sends', () => {
    expect(parseBuildNotice(notice({}), o)).toEqual({
      ok: true,
      notice: { connectorId: 'connector-foo', image: 'ghcr.io/acme/connector-foo:1.4.0', version: '1.4.0' },
    });
  });

  it('accepts a digest-pinned image and a prerelease version', () => {
    const image = `ghcr.io/acme/connector-foo@sha256:${'c'.repeat(64)}`;
    expect(parseBuildNotice(notice({ image, version: '2.0.0-rc.1' }), o)).toMatchObject({ ok: true, notice: { image, version: '2.0.0-rc.1' } });
  });

  const refused: [string, string, 400 | 422, RegExp][] = [
    ['not JSON', '{"build":', 400, /not JSON/],
    ['an array', '[]', 422, /\(body\): must be a JSON object/],
    ['no build', '{}', 422, /build: required/],
    ['a missing image', JSON.stringify({ build: { type: 'connector', connectorId: 'connector-foo', version: '1.4.0' } }), 422, /build\.image: required/],
    ['a number as version', notice({ version: 14 }), 422, /build\.version: must be a string/],
    ['an unknown type', notice({ type: 'library' }), 422, /"library" is not supported/],
    ['a repository that is not a connector', notice({ connectorId: 'widget' }), 422, /"widget" is not a connector/],
    ['a bad connector name', notice({ connectorId: 'connector foo' }), 422, /repository name/],
    ['an image without a tag', notice({ image: 'ghcr.io/acme/connector-foo' }), 422, /neither a tag nor a digest/],
    ['an image with spaces', notice({ image: 'ghcr.io/acme/connector foo:1' }), 422, /not an image reference/],
    ['a v-prefixed version', notice({ version: 'v1.4.0' }), 422, /"v1.4.0" is not a semantic version/],
    ['a partial version', notice({ version: '1.4' }), 422, /not a semantic version/],
  ];
  for (const [what, body, status, message] of refused) {
    it(`refuses ${what} with ${status} and a message saying what to send`, () => {
      const result = parseBuildNotice(body, o);
      expect(result).toMatchObject({ ok: false, status });
      expect(!result.ok && result.error).toMatch(message);
    });
  }

  it('isVersion takes bare semver only', () => {
    expect(['1.4.0', '0.0.1', '1.0.0-beta.2', '1.0.0+build.7'].every(isVersion)).toBe(true);
    expect(['v1.4.0', '1.4', 'latest', '01.2.3', ' 1.2.3', ''].some(isVersion)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { replaceImageLine } from '../../src/domain/replace-image-line.js';

const NEW = 'ghcr.io/acme/connector-foo:1.4.0';

describe('replaceImageLine', () => {
  it('changes only the image reference, keeping indentation, quotes and the comment', () => {
    const yaml = 'spec:\n  containers:\n    - name: c\n      image: "ghcr.io/acme/connector-foo:1.3.0"  # bumped by the bot\n      ports: [8080]\n';
    const result = replaceImageLine(yaml, NEW);
    expect(result).toEqual({
      kind: 'changed',
      text: 'spec:\n  containers:\n    - name: c\n      image: "ghcr.io/acme/connector-foo:1.4.0"  # bumped by the bot\n      ports: [8080]\n',
      lines: [4],
      from: 'ghcr.io/acme/connector-foo:1.3.0',
    });
  });

  it('keeps CRLF line endings and single quotes', () => {
    const yaml = `name: foo\r\nimage: 'ghcr.io/acme/connector-foo@sha256:${'b'.repeat(64)}'\r\nreplicas: 2\r\n`;
    const result = replaceImageLine(yaml, NEW);
    expect(result.kind === 'changed' && result.text).toBe("name: foo\r\nimage: 'ghcr.io/acme/connector-foo:1.4.0'\r\nreplicas: 2\r\n");
  });

  it('picks the line of the same image among several, and leaves the sidecar alone', () => {
    const yaml = '- image: ghcr.io/acme/log-shipper:2.1.0\n- image: ghcr.io/acme/connector-foo:1.3.0\n';
    expect(replaceImageLine(yaml, NEW)).toMatchObject({
      kind: 'changed',
      lines: [2],
      text: '- image: ghcr.io/acme/log-shipper:2.1.0\n- image: ghcr.io/acme/connector-foo:1.4.0\n',
    });
  });

  it('changes the only image line even when the repository was renamed', () => {
    expect(replaceImageLine('image: ghcr.io/old-org/foo:1.0.0\n', NEW)).toMatchObject({ kind: 'changed', text: `image: ${NEW}\n` });
  });

  it('says unchanged when the file already names the image (safe to repeat)', () => {
    expect(replaceImageLine(`image: ${NEW}\n`, NEW)).toEqual({ kind: 'unchanged', line: 1 });
  });

  it('refuses to guess among several images of other repositories', () => {
    expect(replaceImageLine('image: ghcr.io/acme/a:1\nimage: ghcr.io/acme/b:1\n', NEW)).toEqual({ kind: 'ambiguous', lines: [1, 2] });
  });

  it('finds no image line in a file without one, nor in a nested image: mapping', () => {
    expect(replaceImageLine('replicas: 2\n', NEW)).toEqual({ kind: 'no-image-line' });
    expect(replaceImageLine('image:\n  repository: ghcr.io/acme/connector-foo\n  tag: 1.3.0\n', NEW)).toEqual({ kind: 'no-image-line' });
    expect(replaceImageLine('# image: ghcr.io/acme/connector-foo:1.3.0\n', NEW)).toEqual({ kind: 'no-image-line' });
  });

  it('refuses an image that is not a reference', () => {
    expect(replaceImageLine('image: a:1\n', 'not an image')).toEqual({ kind: 'bad-image' });
  });
});

/** An OCI image reference taken apart: `ghcr.io/acme/connector-foo:1.4.0` → repository `ghcr.io/acme/connector-foo`, tag `1.4.0`. */
export interface ImageRef {
  repository: string;
  tag: string | null;
  digest: string | null;
}

// https://github.com/distribution/reference/blob/main/regexp.go, simplified: an optional
// registry host (with a port), lower-case path components, then `:tag` and/or `@sha256:digest`.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST = '(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\\d+)?/)';
const REFERENCE = new RegExp(`^(${HOST}?${COMPONENT}(?:/${COMPONENT})*)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`);

export const MAX_IMAGE_LENGTH = 512;

/** null when `ref` is not an image reference. */
export function parseImageRef(ref: string): ImageRef | null {
  if (ref.length > MAX_IMAGE_LENGTH) return null;
  const m = REFERENCE.exec(ref);
  if (!m) return null;
  return { repository: m[1]!, tag: m[2] ?? null, digest: m[3] ?? null };
}

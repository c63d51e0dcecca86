import type { BuildNotice } from './rollout-model.js';
import { isVersion } from './parse-build-notice.js';
import { parseImageRef } from './rollout-image-ref.js';

export type PackageEventResult = { ok: true; notice: BuildNotice } | { ok: false; reason: string };

interface PackageVersion {
  version?: string;
  package_url?: string;
  container_metadata?: { tag?: { name?: string; digest?: string } } | null;
}
interface PackagePayload {
  action?: string;
  package?: RegistryPackage;
  registry_package?: RegistryPackage;
  repository?: { owner?: { login?: string } } | null;
  organization?: { login?: string } | null;
}
interface RegistryPackage {
  name?: string;
  namespace?: string;
  package_type?: string;
  owner?: { login?: string } | null;
  package_version?: PackageVersion | null;
}

/**
 * A GitHub `package` or `registry_package` webhook (action `published`) for a container image
 * of a connector, read as a build notice. https://docs.github.com/webhooks/webhook-events-and-payloads#package
 * The version is the image's tag (`container_metadata.tag.name`); a push of an untagged digest
 * or of a tag that is not a version (`latest`) is not a build to roll out.
 */
export function parsePackageEvent(event: string, payload: unknown, o: { org: string; connectorPrefix: string }): PackageEventResult {
  const p = (payload ?? {}) as PackagePayload;
  const pkg = event === 'registry_package' ? p.registry_package : p.package;
  if (p.action !== 'published') return { ok: false, reason: `action ${p.action ?? '(none)'} is not "published"` };
  if (!pkg?.name) return { ok: false, reason: `${event} payload without a package name` };
  const type = (pkg.package_type ?? '').toLowerCase();
  if (type !== 'container' && type !== 'docker') return { ok: false, reason: `package type ${pkg.package_type ?? '(none)'} is not a container image` };
  const owner = pkg.owner?.login ?? p.organization?.login ?? p.repository?.owner?.login ?? '';
  if (owner.toLowerCase() !== o.org.toLowerCase()) return { ok: false, reason: `package of ${owner || 'nobody'}, not ${o.org}` };
  const connectorId = pkg.name.split('/').pop()!;
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(connectorId)) return { ok: false, reason: `package name ${pkg.name.slice(0, 100)} is not a repository name` };
  if (!connectorId.startsWith(o.connectorPrefix)) return { ok: false, reason: `package ${pkg.name} is not a connector (prefix ${o.connectorPrefix})` };
  const tag = pkg.package_version?.container_metadata?.tag?.name ?? '';
  if (tag === '') return { ok: false, reason: `${pkg.name}: an untagged image (digest only) is not a build to roll out` };
  if (!isVersion(tag)) return { ok: false, reason: `${pkg.name}: tag ${tag} is not a version` };
  const url = pkg.package_version?.package_url ?? '';
  const image = url.endsWith(`:${tag}`) && parseImageRef(url) ? url : `ghcr.io/${owner.toLowerCase()}/${connectorId}:${tag}`;
  if (!parseImageRef(image)) return { ok: false, reason: `${pkg.name}: ${image} is not an image reference` };
  return { ok: true, notice: { connectorId, image, version: tag } };
}

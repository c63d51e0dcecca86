export type Access = 'read' | 'write';

/**
 * What the bot asks of a GitHub App installation, by the names GitHub's API uses in an
 * installation's `permissions`: tags and releases (contents), repository listing (metadata),
 * the checks a policy requires (checks, statuses), rollouts (deployments) and container
 * images announced by package events (packages). The README's setup section lists the same.
 * https://docs.github.com/en/rest/authentication/permissions-required-for-github-apps
 */
export const REQUIRED_PERMISSIONS: Readonly<Record<string, Access>> = {
  contents: 'write',
  metadata: 'read',
  checks: 'read',
  statuses: 'read',
  deployments: 'write',
  packages: 'read',
};

/** `contents: write (granted: read)`, `deployments: write (not granted)`: what `granted` lacks of `required`. */
export function missingPermissions(granted: Record<string, string | undefined>, required = REQUIRED_PERMISSIONS): string[] {
  return Object.entries(required).flatMap(([name, level]) => {
    const has = granted[name];
    if (has === level || has === 'write' || has === 'admin') return [];
    return [`${name}: ${level} (${has ? `granted: ${has}` : 'not granted'})`];
  });
}

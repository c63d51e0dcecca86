/** The variables a production start needs; setting any of them means "this is production" (DESIGN.md §3). */
export const PRODUCTION_VARIABLES = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'GITHUB_TOKEN', 'GITHUB_WEBHOOK_SECRET', 'GITHUB_ORG', 'RELEASE_CHANNEL'] as const;

export type StartMode = { kind: 'sandbox' } | { kind: 'production' } | { kind: 'incomplete'; missing: string[] };

/**
 * The sandbox starts only when asked (`RELEASE_BOT_SANDBOX=1`) or when no production variable is
 * set; a half-configured production environment is named, never quietly turned into a sandbox.
 */
export function startMode(env: Record<string, string | undefined>): StartMode {
  if (env.RELEASE_BOT_SANDBOX === '1') return { kind: 'sandbox' };
  const missing = PRODUCTION_VARIABLES.filter((name) => !env[name]);
  if (missing.length === PRODUCTION_VARIABLES.length) return { kind: 'sandbox' };
  if (missing.length > 0) return { kind: 'incomplete', missing };
  return { kind: 'production' };
}

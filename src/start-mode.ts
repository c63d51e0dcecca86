/** The variables a production start needs (GITHUB_TOKEN, or a GitHub App below); setting any of them means "this is production" (DESIGN.md §3). */
export const PRODUCTION_VARIABLES = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'GITHUB_TOKEN', 'GITHUB_WEBHOOK_SECRET', 'GITHUB_ORG', 'RELEASE_CHANNEL'] as const;

/** A GitHub App's variables: production variables too; with an ID and a key, they stand in for GITHUB_TOKEN. */
export const GITHUB_APP_VARIABLES = ['GITHUB_APP_ID', 'GITHUB_APP_PRIVATE_KEY', 'GITHUB_APP_PRIVATE_KEY_PATH', 'GITHUB_APP_INSTALLATION_ID'] as const;

export type StartMode = { kind: 'sandbox' } | { kind: 'production' } | { kind: 'incomplete'; missing: string[] };

/**
 * The sandbox starts only when asked (`RELEASE_BOT_SANDBOX=1`) or when no production variable is
 * set; a half-configured production environment is named, never quietly turned into a sandbox.
 */
export function startMode(env: Record<string, string | undefined>): StartMode {
  if (env.RELEASE_BOT_SANDBOX === '1') return { kind: 'sandbox' };
  const app = GITHUB_APP_VARIABLES.some((name) => env[name]);
  if (!app && PRODUCTION_VARIABLES.every((name) => !env[name])) return { kind: 'sandbox' };
  // Without any App variable GITHUB_TOKEN is required; with some, the App must be whole (ID and one key form).
  const missing: string[] = PRODUCTION_VARIABLES.filter((name) => !env[name] && (name !== 'GITHUB_TOKEN' || !app));
  if (app && !env.GITHUB_APP_ID) missing.push('GITHUB_APP_ID');
  if (app && !env.GITHUB_APP_PRIVATE_KEY && !env.GITHUB_APP_PRIVATE_KEY_PATH) missing.push('GITHUB_APP_PRIVATE_KEY');
  if (missing.length > 0) return { kind: 'incomplete', missing };
  return { kind: 'production' };
}

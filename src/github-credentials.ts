import { createPrivateKey } from 'node:crypto';

/** How the bot authenticates to GitHub (DESIGN.md §3): a token, or a GitHub App, which wins when both are set. */
export type GitHubAuth =
  | { kind: 'token'; token: string }
  | {
      kind: 'app';
      /** the App ID (or its client ID, `Iv…`): the JWT's `iss` */
      appId: string;
      /** PEM text, `\n` escapes already turned into newlines */
      privateKey: string;
      /** found with `GET /orgs/{org}/installation` at start-up when not given */
      installationId: number | undefined;
      /** GITHUB_TOKEN is set too and is not used: start-up says so */
      tokenIgnored: boolean;
    };

export type CredentialsResult = { ok: true; auth: GitHubAuth } | { ok: false; problems: string[] };

const APP_ID = /^(?:\d+|Iv[0-9A-Za-z.]+)$/;

/**
 * Reads GITHUB_TOKEN and the GITHUB_APP_* variables. A half-configured App (an ID without a
 * key, a key without an ID, both key forms) is a named problem, never a silent fall-back to
 * the token; a key that does not parse is named with what to do. No value is ever quoted.
 */
export function readGitHubCredentials(env: Record<string, string | undefined>, readFile: (path: string) => string | undefined): CredentialsResult {
  const set = (name: string) => (env[name] ?? '') !== '';
  const token = env.GITHUB_TOKEN;
  const appVariables = ['GITHUB_APP_ID', 'GITHUB_APP_PRIVATE_KEY', 'GITHUB_APP_PRIVATE_KEY_PATH', 'GITHUB_APP_INSTALLATION_ID'];
  if (!appVariables.some(set)) {
    if (token) return { ok: true, auth: { kind: 'token', token } };
    return { ok: false, problems: ['GITHUB_TOKEN: required (or a GitHub App: GITHUB_APP_ID with GITHUB_APP_PRIVATE_KEY or GITHUB_APP_PRIVATE_KEY_PATH)'] };
  }

  const problems: string[] = [];
  const appId = env.GITHUB_APP_ID?.trim() ?? '';
  if (!appId) problems.push("GITHUB_APP_ID: required with the other GITHUB_APP_* variables (the App ID on the App's settings page)");
  else if (!APP_ID.test(appId)) problems.push("GITHUB_APP_ID: must be the App's numeric ID (or its client ID, Iv…), from the App's settings page");

  const installation = env.GITHUB_APP_INSTALLATION_ID?.trim();
  if (installation && !/^\d+$/.test(installation))
    problems.push(
      'GITHUB_APP_INSTALLATION_ID: must be a number (the end of the URL of the installation settings page), or left out to find it from GITHUB_ORG',
    );

  let pem: string | undefined;
  if (set('GITHUB_APP_PRIVATE_KEY') && set('GITHUB_APP_PRIVATE_KEY_PATH')) {
    problems.push('GITHUB_APP_PRIVATE_KEY, GITHUB_APP_PRIVATE_KEY_PATH: set one of them, not both');
  } else if (set('GITHUB_APP_PRIVATE_KEY_PATH')) {
    const path = env.GITHUB_APP_PRIVATE_KEY_PATH!;
    pem = readFile(path);
    if (pem === undefined) problems.push(`GITHUB_APP_PRIVATE_KEY_PATH: no file at ${path} (the .pem file downloaded from the App's settings page)`);
  } else if (set('GITHUB_APP_PRIVATE_KEY')) {
    pem = env.GITHUB_APP_PRIVATE_KEY!;
  } else {
    problems.push(
      "GITHUB_APP_PRIVATE_KEY: required with GITHUB_APP_ID (the App's private key as PEM text, newlines or \\n escapes), or its file in GITHUB_APP_PRIVATE_KEY_PATH",
    );
  }
  const name = set('GITHUB_APP_PRIVATE_KEY_PATH') ? 'GITHUB_APP_PRIVATE_KEY_PATH' : 'GITHUB_APP_PRIVATE_KEY';
  const privateKey = pem === undefined ? undefined : normalizePem(pem);
  const keyProblem = privateKey === undefined ? undefined : pemProblem(privateKey);
  if (keyProblem) problems.push(`${name}: ${keyProblem}`);

  if (problems.length > 0 || privateKey === undefined) return { ok: false, problems };
  return {
    ok: true,
    auth: { kind: 'app', appId, privateKey, installationId: installation ? Number(installation) : undefined, tokenIgnored: Boolean(token) },
  };
}

/** A key pasted into one line of an env file has `\n` escapes (universal-github-app-jwt accepts them too); Windows files have `\r\n`. */
export function normalizePem(text: string): string {
  return text.replace(/\\n/g, '\n').replace(/\r\n/g, '\n').trim();
}

/** Why `pem` is not an RSA private key GitHub could have issued, in words that say what to do; undefined when it is one. */
function pemProblem(pem: string): string | undefined {
  const fix = "paste the whole .pem file the App's settings page gave you (Private keys → Generate a private key), from -----BEGIN to -----END";
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem) || !/-----END [A-Z ]*PRIVATE KEY-----/.test(pem)) return `not a PEM private key: ${fix}`;
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') return `a ${key.asymmetricKeyType ?? 'non-RSA'} key; GitHub App keys are RSA: ${fix}`;
    return undefined;
  } catch (error) {
    // OpenSSL's reason ("unsupported", "bad base64 decode") never quotes the key
    const reason = /routines::(.+)$/.exec((error as Error).message)?.[1] ?? 'unreadable';
    return `the private key does not parse (${reason}): ${fix}`;
  }
}

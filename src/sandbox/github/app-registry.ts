import { type KeyObject, createPublicKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto';

export interface EmulatedApp {
  id: number;
  slug: string;
  /** the client ID, also accepted as the JWT's `iss` */
  clientId: string;
  publicKey: KeyObject;
}

export interface EmulatedInstallation {
  id: number;
  appId: number;
  permissions: Record<string, 'read' | 'write'>;
  events: string[];
  createdAt: string;
}

interface IssuedToken {
  installationId: number;
  /** epoch ms, whole seconds as GitHub's `expires_at` says it */
  expiresAt: number;
}

/** What a release bot's App asks for (the README's list): the default of GitHubEmulator.createApp. */
export const BOT_PERMISSIONS: Record<string, 'read' | 'write'> = {
  contents: 'write',
  metadata: 'read',
  checks: 'read',
  statuses: 'read',
  deployments: 'write',
  packages: 'read',
};
export const BOT_EVENTS = ['push', 'create', 'check_run', 'check_suite', 'status'];

export type JwtCheck = { ok: true; app: EmulatedApp } | { ok: false; message: string };

/** Who a request is, from its `Authorization` header. */
export type Identity = { kind: 'token' } | { kind: 'installation'; installation: EmulatedInstallation } | { kind: 'app'; app: EmulatedApp };

// GitHub's answers to a JWT it does not take (401), word for word as clients match them
// (auth-app's hook.js retries the clock-skew ones):
// https://github.com/octokit/auth-app.js/issues/698 · https://github.com/octokit/request.js/issues/505
export const JWT_NOT_DECODED = 'A JSON web token could not be decoded';
const EXP_TOO_FAR = "'Expiration time' claim ('exp') is too far in the future";
const EXP_NOT_FUTURE = "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
const IAT_INVALID = "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";

/**
 * GitHub Apps registered on the emulated GitHub, their installations on the organisation and
 * the installation tokens they minted. The JWT rules are GitHub's: signed RS256 with one of the
 * App's keys, `iss` the App ID or client ID, `exp` no more than 10 minutes ahead, `iat` not in
 * the future (GitHub tells clients to set it 60 s in the past against clock drift).
 * https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app
 */
export class AppRegistry {
  private readonly apps = new Map<number, EmulatedApp>();
  private readonly installations = new Map<number, EmulatedInstallation>();
  private readonly tokens = new Map<string, IssuedToken>();
  private nextAppId = 1000;
  private nextInstallationId = 41_000_000;
  private issued = 0;
  /** "Installation access tokens expire after 1 hour" (GitHub); tests shorten it */
  tokenTtlMs: number;

  constructor(o: { tokenTtlMs?: number } = {}) {
    this.tokenTtlMs = o.tokenTtlMs ?? 3_600_000;
  }

  /** A new App with a fresh 2048-bit RSA key pair; the private key as GitHub hands it out (PKCS#1 PEM). */
  createApp(o: { slug?: string } = {}): { app: EmulatedApp; privateKey: string } {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const id = this.nextAppId++;
    const app: EmulatedApp = { id, slug: o.slug ?? `release-bot-${id}`, clientId: `Iv23li${randomBytes(7).toString('hex')}`, publicKey };
    this.apps.set(id, app);
    return { app, privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() };
  }

  /** Another key for the App (GitHub allows several), e.g. before the old one is deleted. */
  addKey(appId: number, publicKeyPem: string): void {
    this.app(appId).publicKey = createPublicKey(publicKeyPem);
  }

  install(appId: number, o: { permissions: Record<string, 'read' | 'write'>; events?: string[] }): EmulatedInstallation {
    this.app(appId);
    const installation: EmulatedInstallation = {
      id: this.nextInstallationId++,
      appId,
      permissions: { ...o.permissions },
      events: [...(o.events ?? [])],
      createdAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    this.installations.set(installation.id, installation);
    return installation;
  }

  uninstall(installationId: number): void {
    this.installations.delete(installationId);
    for (const [token, issued] of this.tokens) if (issued.installationId === installationId) this.tokens.delete(token);
  }

  installationOf(appId: number): EmulatedInstallation | undefined {
    return [...this.installations.values()].find((i) => i.appId === appId);
  }

  installation(id: number): EmulatedInstallation | undefined {
    return this.installations.get(id);
  }

  /** Every installation token stops working at once (as `DELETE /installation/token` does for one). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** installation tokens minted so far */
  get tokensIssued(): number {
    return this.issued;
  }

  /** `ghs_…`, valid until `expires_at`, then 401 Bad credentials. */
  mintToken(installation: EmulatedInstallation, now = Date.now()): { token: string; expiresAt: string } {
    const token = `ghs_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`;
    // GitHub's expires_at has whole seconds; the token ends when it says
    const expiresAt = Math.floor((now + this.tokenTtlMs) / 1000) * 1000;
    this.tokens.set(token, { installationId: installation.id, expiresAt });
    this.issued += 1;
    return { token, expiresAt: new Date(expiresAt).toISOString().replace(/\.\d+Z$/, 'Z') };
  }

  /** The installation an unexpired token belongs to; undefined for an unknown or expired one. */
  tokenInstallation(token: string, now = Date.now()): EmulatedInstallation | undefined {
    const issued = this.tokens.get(token);
    if (!issued) return undefined;
    if (now >= issued.expiresAt) {
      this.tokens.delete(token);
      return undefined;
    }
    return this.installations.get(issued.installationId);
  }

  /** Whether `jwt` is one this App signed, within GitHub's time rules. */
  verifyJwt(jwt: string, nowMs = Date.now()): JwtCheck {
    const parts = jwt.split('.');
    if (parts.length !== 3) return { ok: false, message: JWT_NOT_DECODED };
    const [head, body, signature] = parts as [string, string, string];
    const header = decode(head);
    const claims = decode(body);
    if (!header || !claims || header.alg !== 'RS256') return { ok: false, message: JWT_NOT_DECODED };
    const app = [...this.apps.values()].find((a) => String(a.id) === String(claims.iss) || a.clientId === claims.iss);
    if (!app) return { ok: false, message: JWT_NOT_DECODED };
    const signed = verify('RSA-SHA256', Buffer.from(`${head}.${body}`), app.publicKey, Buffer.from(signature, 'base64url'));
    if (!signed) return { ok: false, message: JWT_NOT_DECODED };
    const now = Math.floor(nowMs / 1000);
    // a second of slack for the rounding of `now` to whole seconds, on both sides
    if (!Number.isInteger(claims.iat) || (claims.iat as number) > now + 1) return { ok: false, message: IAT_INVALID };
    if (typeof claims.exp !== 'number' || claims.exp < now) return { ok: false, message: EXP_NOT_FUTURE };
    if (claims.exp > now + 600 + 1) return { ok: false, message: EXP_TOO_FAR };
    return { ok: true, app };
  }

  private app(id: number): EmulatedApp {
    const app = this.apps.get(id);
    if (!app) throw new Error(`GitHubEmulator: no GitHub App ${id}`);
    return app;
  }
}

function decode(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Sign-in settings: how long a session and a nonce live, and the origin a message must name. */

export interface AuthOptions {
  /** Session lifetime in seconds (SESSION_LIFETIME_SECONDS; default 8 hours). */
  sessionLifetimeSeconds?: number;
  /** How long an issued nonce can be signed in with, in seconds (default 5 minutes). */
  nonceLifetimeSeconds?: number;
  /**
   * The origin users reach the service at, e.g. "https://ledger.example.org" (PUBLIC_ORIGIN).
   * A sign-in message must name its host as domain and a URI on it. Unset: the origin each
   * request was addressed to (fine on one machine; set it behind a proxy or on a network).
   */
  publicOrigin?: string;
}

export interface AuthConfig {
  sessionLifetimeSeconds: number;
  nonceLifetimeSeconds: number;
  publicOrigin: string | null;
}

export const DEFAULT_SESSION_LIFETIME_S = 8 * 3600;
export const DEFAULT_NONCE_LIFETIME_S = 5 * 60;
/** A device clock this far ahead of the server's still signs in (issuedAt, notBefore). */
export const CLOCK_SKEW_MS = 2 * 60 * 1000;

function seconds(name: string, value: number | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be a whole number of seconds from 1 to ${max}, got ${value}`);
  }
  return value;
}

export function resolveAuthConfig(o: AuthOptions = {}): AuthConfig {
  let publicOrigin: string | null = null;
  if (o.publicOrigin !== undefined && o.publicOrigin.trim() !== "") {
    let url: URL;
    try {
      url = new URL(o.publicOrigin.trim());
    } catch {
      throw new Error(`PUBLIC_ORIGIN must be an origin such as https://ledger.example.org, got ${o.publicOrigin}`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`PUBLIC_ORIGIN must be http(s), got ${o.publicOrigin}`);
    publicOrigin = url.origin;
  }
  return {
    sessionLifetimeSeconds: seconds("SESSION_LIFETIME_SECONDS", o.sessionLifetimeSeconds, DEFAULT_SESSION_LIFETIME_S, 30 * 86_400),
    nonceLifetimeSeconds: seconds("nonceLifetimeSeconds", o.nonceLifetimeSeconds, DEFAULT_NONCE_LIFETIME_S, 3600),
    publicOrigin,
  };
}

/** Reads SESSION_LIFETIME_SECONDS and PUBLIC_ORIGIN (empty values count as unset). */
export function authOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): AuthOptions {
  const lifetime = env.SESSION_LIFETIME_SECONDS?.trim();
  return {
    sessionLifetimeSeconds: lifetime ? Number(lifetime) : undefined,
    publicOrigin: env.PUBLIC_ORIGIN?.trim() || undefined,
  };
}

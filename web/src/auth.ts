/**
 * Sign-In with Ethereum (EIP-4361) with the key the user already holds (keys.ts). Signing in is
 * two steps so that the user sees what they sign: `prepareSignIn()` builds the message from a
 * fresh nonce of the server, the page shows it in full, and `completeSignIn()` signs exactly that
 * message and exchanges it for a session token. The token is kept in sessionStorage (this tab's
 * session only) and sent as `Authorization: Bearer` on the calls that need it (drafts).
 */
import { getAddress, type Address } from "viem";
import { createSiweMessage, parseSiweMessage } from "viem/siwe";
import { api, ApiError } from "./api";
import { activeAddress, onKeyChange, signMessage } from "./keys";

const STORAGE = "cl.auth.v1";
/** Statement of the message: plain ASCII, as EIP-4361 requires; the page explains it in Chinese. */
export const SIGN_IN_STATEMENT = "Sign in to Community Ledger to draft committee actions. This signature moves no money and casts no vote.";

export interface StoredSession {
  address: Address;
  token: string;
  /** the session's end by the server's clock (shown) */
  expiresAt: string;
  /** the same moment by this device's clock (checked), which may be set wrong */
  localEndMs: number;
}

/** The page asked for a session and there is none (or it has ended): sign in first. */
export class NotSignedInError extends Error {
  constructor() {
    super("NOT_SIGNED_IN");
    this.name = "NotSignedInError";
  }
}

/** A message ready to be shown and signed. */
export interface PreparedSignIn {
  message: string;
  address: Address;
  domain: string;
  uri: string;
  chainId: number;
  nonce: string;
  issuedAt: Date;
  expirationTime: Date;
  /** this device's clock when the server issued the nonce (to follow the session's end locally) */
  localIssuedMs: number;
}

const listeners = new Set<() => void>();

/** Called when the session starts or ends. Returns an unsubscribe function. */
export function onSessionChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function load(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(STORAGE);
    if (!raw) return null;
    const s = JSON.parse(raw) as StoredSession;
    if (typeof s.token === "string" && typeof s.address === "string" && typeof s.expiresAt === "string" && typeof s.localEndMs === "number") return s;
  } catch {
    /* ignore */
  }
  return null;
}

function store(s: StoredSession | null): void {
  if (s) sessionStorage.setItem(STORAGE, JSON.stringify(s));
  else sessionStorage.removeItem(STORAGE);
  for (const fn of listeners) fn();
}

/** The session of the active key, if it has not expired. */
export function currentSession(): StoredSession | null {
  const s = load();
  const me = activeAddress();
  if (!s || me === null || s.address.toLowerCase() !== me) return null;
  if (s.localEndMs <= Date.now()) return null;
  return s;
}

// A session belongs to one key: switching or locking the key ends it.
onKeyChange(() => {
  const s = load();
  if (s && s.address.toLowerCase() !== activeAddress()) {
    store(null);
    void api.signOut(s.token).catch(() => undefined);
  }
});

/** Step 1: a fresh nonce from the server, and the message the active key would sign. */
export async function prepareSignIn(): Promise<PreparedSignIn> {
  const me = activeAddress();
  if (me === null) throw new NotSignedInError();
  const n = await api.authNonce();
  const localIssuedMs = Date.now();
  // The server's clock, not this device's: a phone set a few minutes wrong still signs in.
  const issuedAt = new Date(n.serverTime);
  // The session lasts as the server allows, and never beyond what the message says.
  const expirationTime = new Date(issuedAt.getTime() + n.sessionLifetimeSeconds * 1000);
  const fields = {
    address: getAddress(me),
    // The site the user is on: a server at another origin refuses the message.
    domain: location.host,
    uri: location.origin,
    chainId: n.chainId,
    nonce: n.nonce,
    version: "1" as const,
    issuedAt,
    expirationTime,
    statement: SIGN_IN_STATEMENT,
  };
  const message = createSiweMessage(fields);
  return { message, ...fields, localIssuedMs };
}

/** The fields of a prepared message, read back from its text (what the page shows decoded). */
export function decodeSignIn(message: string) {
  return parseSiweMessage(message);
}

/** Step 2: signs the shown message with the active key and starts the session. */
export async function completeSignIn(prepared: PreparedSignIn): Promise<StoredSession> {
  const me = activeAddress();
  if (me === null || me !== prepared.address.toLowerCase()) throw new NotSignedInError();
  const signature = await signMessage(prepared.message);
  const r = await api.signIn(prepared.message, signature);
  // the session ends (server clock) this long after the nonce was issued: the same on this device
  const localEndMs = prepared.localIssuedMs + (new Date(r.expiresAt).getTime() - prepared.issuedAt.getTime());
  const s: StoredSession = { address: r.address.toLowerCase() as Address, token: r.token, expiresAt: r.expiresAt, localEndMs };
  store(s);
  return s;
}

export async function signOut(): Promise<void> {
  const s = load();
  store(null);
  if (s) await api.signOut(s.token).catch(() => undefined);
}

/**
 * Runs a call that needs the session. Without one it throws NotSignedInError; when the server
 * says the session is missing or over (401) the stored one is forgotten, so the page asks to
 * sign in again.
 */
export async function withSession<T>(call: (token: string) => Promise<T>): Promise<T> {
  const s = currentSession();
  if (!s) {
    if (load()) store(null);
    throw new NotSignedInError();
  }
  try {
    return await call(s.token);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) store(null);
    throw err;
  }
}

/**
 * The user's signing key. Three ways to sign in:
 *  (a) a key created in the browser, or (b) an imported private key, each encrypted with a PIN
 *      (PBKDF2-SHA-256, 200,000 iterations, random salt → AES-GCM-256) and kept in localStorage;
 *      unlocked per browser session (the plain key lives in memory and sessionStorage only);
 *  (c) an injected wallet (window.ethereum).
 * A stored key may also carry a recovery copy: the same private key encrypted under a random
 * recovery code (160 bits, shown once, written down by the owner). With the code, the key in this
 * browser or in its backup file is restored when the PIN is forgotten, and a new PIN is set; the
 * code alone, without the encrypted key, restores nothing.
 * Everything else in the client signs through `signTypedData` (or `signMessage` for the sign-in
 * message) and asks `activeAddress`.
 */
import {
  bytesToHex,
  createWalletClient,
  custom,
  getAddress,
  hexToBytes,
  isHex,
  type Address,
  type EIP1193Provider,
  type Hex,
  type TypedDataDefinition,
} from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

export const PBKDF2_ITERATIONS = 200_000;
export const MIN_PIN_LENGTH = 6;
const KEYRING = "cl.keyring.v1";
const SESSION = "cl.session.v1";

/** One encrypted key as stored in localStorage and in a backup file. */
export interface EncryptedKey {
  format: "community-ledger-key";
  version: 1;
  address: Address;
  kdf: { name: "PBKDF2"; hash: "SHA-256"; iterations: number; salt: Hex };
  cipher: { name: "AES-GCM"; iv: Hex };
  /** AES-GCM ciphertext of the 32-byte private key; the address is the additional data. */
  ciphertext: Hex;
  createdAt: string;
  /** The private key encrypted under the recovery code (absent until one is made). */
  recovery?: RecoveryCopy;
}

/** The private key encrypted under a recovery code; the additional data is `<address>:recovery`. */
export interface RecoveryCopy {
  kdf: { name: "PBKDF2"; hash: "SHA-256"; iterations: number; salt: Hex };
  cipher: { name: "AES-GCM"; iv: Hex };
  ciphertext: Hex;
}

/** Stable codes for what went wrong, translated by the pages. */
export class KeyError extends Error {
  constructor(readonly code: "WRONG_PIN" | "PIN_TOO_SHORT" | "NO_RECOVERY" | "WRONG_RECOVERY_CODE" | "BAD_KEY" | "BAD_BACKUP" | "NO_WALLET" | "LOCKED" | "WALLET_REFUSED" | "INSECURE_CONTEXT") {
    super(code);
    this.name = "KeyError";
  }
}

type Session =
  | { mode: "local"; address: Address; privateKey: Hex }
  | { mode: "injected"; address: Address };

let session: Session | null = loadSession();
let localAccount: PrivateKeyAccount | null =
  session?.mode === "local" ? privateKeyToAccount(session.privateKey) : null;
const listeners = new Set<() => void>();

function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    if (s.mode === "local" && isHex(s.privateKey) && s.privateKey.length === 66) return s;
    if (s.mode === "injected" && isHex(s.address)) return s;
  } catch {
    /* ignore */
  }
  return null;
}

function setSession(s: Session | null): void {
  session = s;
  localAccount = s?.mode === "local" ? privateKeyToAccount(s.privateKey) : null;
  if (s) sessionStorage.setItem(SESSION, JSON.stringify(s));
  else sessionStorage.removeItem(SESSION);
  for (const fn of listeners) fn();
}

/** Called whenever the active address changes. Returns an unsubscribe function. */
export function onKeyChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The address that signs now (lowercase), or null when nobody is signed in. */
export function activeAddress(): Address | null {
  return session ? (session.address.toLowerCase() as Address) : null;
}

export function activeMode(): "local" | "injected" | null {
  return session?.mode ?? null;
}

/** Forgets the unlocked key (the encrypted copy stays). */
export function lock(): void {
  setSession(null);
}

// ── keyring ────────────────────────────────────────────────────────────────────────────────

export function storedKeys(): EncryptedKey[] {
  try {
    const raw = localStorage.getItem(KEYRING);
    const list = raw ? (JSON.parse(raw) as unknown[]) : [];
    return list.filter(isEncryptedKey);
  } catch {
    return [];
  }
}

function saveKeys(keys: EncryptedKey[]): void {
  localStorage.setItem(KEYRING, JSON.stringify(keys));
}

function addKey(key: EncryptedKey): void {
  const others = storedKeys().filter((k) => k.address.toLowerCase() !== key.address.toLowerCase());
  saveKeys([...others, key]);
}

export function removeKey(address: string): void {
  saveKeys(storedKeys().filter((k) => k.address.toLowerCase() !== address.toLowerCase()));
  if (session?.mode === "local" && session.address.toLowerCase() === address.toLowerCase()) setSession(null);
}

function isEncryptedKey(x: unknown): x is EncryptedKey {
  const k = x as EncryptedKey;
  return (
    typeof k === "object" &&
    k !== null &&
    k.format === "community-ledger-key" &&
    k.version === 1 &&
    isHex(k.address) &&
    k.kdf?.name === "PBKDF2" &&
    k.kdf.hash === "SHA-256" &&
    Number.isInteger(k.kdf.iterations) &&
    k.kdf.iterations >= 100_000 &&
    k.kdf.iterations <= 10_000_000 &&
    isHex(k.kdf.salt) &&
    k.cipher?.name === "AES-GCM" &&
    isHex(k.cipher.iv) &&
    isHex(k.ciphertext) &&
    (k.recovery === undefined || isRecoveryCopy(k.recovery))
  );
}

function isRecoveryCopy(r: RecoveryCopy): boolean {
  return (
    typeof r === "object" &&
    r !== null &&
    r.kdf?.name === "PBKDF2" &&
    r.kdf.hash === "SHA-256" &&
    Number.isInteger(r.kdf.iterations) &&
    r.kdf.iterations >= 100_000 &&
    r.kdf.iterations <= 10_000_000 &&
    isHex(r.kdf.salt) &&
    r.cipher?.name === "AES-GCM" &&
    isHex(r.cipher.iv) &&
    isHex(r.ciphertext)
  );
}

// ── encryption ─────────────────────────────────────────────────────────────────────────────

function checkPin(pin: string): void {
  if (pin.length < MIN_PIN_LENGTH) throw new KeyError("PIN_TOO_SHORT");
}

async function deriveKey(pin: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  // WebCrypto exists only on https:// pages and on localhost.
  if (!globalThis.crypto?.subtle) throw new KeyError("INSECURE_CONTEXT");
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

async function encrypt(privateKey: Hex, pin: string): Promise<EncryptedKey> {
  checkPin(pin);
  const address = privateKeyToAccount(privateKey).address;
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await deriveKey(pin, salt, PBKDF2_ITERATIONS);
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv: iv as BufferSource, additionalData: new TextEncoder().encode(address.toLowerCase()) },
    key,
    hexToBytes(privateKey) as BufferSource,
  );
  return {
    format: "community-ledger-key",
    version: 1,
    address,
    kdf: { name: "PBKDF2", hash: "SHA-256", iterations: PBKDF2_ITERATIONS, salt: bytesToHex(salt) },
    cipher: { name: "AES-GCM", iv: bytesToHex(iv) },
    ciphertext: bytesToHex(new Uint8Array(ciphertext)),
    createdAt: new Date().toISOString(),
  };
}

async function decrypt(k: EncryptedKey, pin: string): Promise<Hex> {
  const key = await deriveKey(pin, hexToBytes(k.kdf.salt), k.kdf.iterations);
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      {
        name: "AES-GCM",
        iv: hexToBytes(k.cipher.iv) as BufferSource,
        additionalData: new TextEncoder().encode(k.address.toLowerCase()),
      },
      key,
      hexToBytes(k.ciphertext) as BufferSource,
    );
  } catch {
    throw new KeyError("WRONG_PIN");
  }
  const privateKey = bytesToHex(new Uint8Array(plain));
  if (privateKeyToAccount(privateKey).address.toLowerCase() !== k.address.toLowerCase()) throw new KeyError("BAD_BACKUP");
  return privateKey;
}

// ── ways to sign in ────────────────────────────────────────────────────────────────────────

// ── recovery code ──────────────────────────────────────────────────────────────────────────

/** Crockford's base32: no I, L, O, U, so a written code is read back without doubt. */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RECOVERY_BYTES = 20;

/** 20 random bytes as 32 base32 characters in 8 groups of 4: "7KQ2-…". */
function newRecoveryCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(RECOVERY_BYTES));
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = "";
  for (let i = 0; i < 32; i++) out = CROCKFORD[Number(bits & 31n)]! + out, (bits >>= 5n);
  return out.match(/.{4}/g)!.join("-");
}

/** A recovery code as typed (any case, spaces or dashes, O for 0, I or L for 1) in its one form, or null. */
export function normalizeRecoveryCode(text: string): string | null {
  const s = text.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (s.length !== 32 || [...s].some((c) => !CROCKFORD.includes(c))) return null;
  return s.match(/.{4}/g)!.join("-");
}

const recoveryData = (address: string) => new TextEncoder().encode(`${address.toLowerCase()}:recovery`);

async function encryptRecovery(privateKey: Hex, address: string, code: string): Promise<RecoveryCopy> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await deriveKey(code, salt, PBKDF2_ITERATIONS);
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv: iv as BufferSource, additionalData: recoveryData(address) }, key, hexToBytes(privateKey) as BufferSource);
  return {
    kdf: { name: "PBKDF2", hash: "SHA-256", iterations: PBKDF2_ITERATIONS, salt: bytesToHex(salt) },
    cipher: { name: "AES-GCM", iv: bytesToHex(iv) },
    ciphertext: bytesToHex(new Uint8Array(ciphertext)),
  };
}

/**
 * Makes a recovery code for the unlocked key `address` and stores the recovery copy beside it
 * (a new code replaces the old one). Returns the code: shown once, never stored in the clear.
 */
export async function createRecoveryCode(address: string): Promise<string> {
  if (session?.mode !== "local" || session.address.toLowerCase() !== address.toLowerCase()) throw new KeyError("LOCKED");
  const k = storedKeys().find((x) => x.address.toLowerCase() === address.toLowerCase());
  if (!k) throw new KeyError("BAD_KEY");
  const code = newRecoveryCode();
  addKey({ ...k, recovery: await encryptRecovery(session.privateKey, k.address, code) });
  return code;
}

/** Whether the stored key `address` can be restored with a recovery code. */
export function hasRecovery(address: string): boolean {
  return storedKeys().some((x) => x.address.toLowerCase() === address.toLowerCase() && x.recovery !== undefined);
}

/**
 * The PIN is forgotten: restores the stored key `address` (in this browser, or imported from its
 * backup file) with its recovery code, encrypts it under `newPin`, and unlocks it. The recovery
 * copy is kept, so the same written code still works next time.
 */
export async function recoverWithCode(address: string, codeText: string, newPin: string): Promise<Address> {
  checkPin(newPin);
  const k = storedKeys().find((x) => x.address.toLowerCase() === address.toLowerCase());
  if (!k) throw new KeyError("BAD_KEY");
  if (!k.recovery) throw new KeyError("NO_RECOVERY");
  const code = normalizeRecoveryCode(codeText);
  if (code === null) throw new KeyError("WRONG_RECOVERY_CODE");
  const key = await deriveKey(code, hexToBytes(k.recovery.kdf.salt), k.recovery.kdf.iterations);
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: hexToBytes(k.recovery.cipher.iv) as BufferSource, additionalData: recoveryData(k.address) },
      key,
      hexToBytes(k.recovery.ciphertext) as BufferSource,
    );
  } catch {
    throw new KeyError("WRONG_RECOVERY_CODE");
  }
  const privateKey = bytesToHex(new Uint8Array(plain));
  if (privateKeyToAccount(privateKey).address.toLowerCase() !== k.address.toLowerCase()) throw new KeyError("BAD_BACKUP");
  const renewed = await encrypt(privateKey, newPin);
  addKey({ ...renewed, createdAt: k.createdAt, recovery: k.recovery });
  setSession({ mode: "local", address: renewed.address, privateKey });
  return renewed.address;
}

/** (a) Creates a new key, stores it encrypted with the PIN, and unlocks it. */
export async function createKey(pin: string): Promise<Address> {
  const privateKey = generatePrivateKey();
  const k = await encrypt(privateKey, pin);
  addKey(k);
  setSession({ mode: "local", address: k.address, privateKey });
  return k.address;
}

/** (b) Imports a private key (64 hex digits, with or without 0x), stores it with the PIN, unlocks it. */
export async function importPrivateKey(text: string, pin: string): Promise<Address> {
  const trimmed = text.trim();
  const hex = (trimmed.startsWith("0x") || trimmed.startsWith("0X") ? `0x${trimmed.slice(2)}` : `0x${trimmed}`).toLowerCase();
  if (!/^0x[0-9a-f]{64}$/.test(hex) || /^0x0+$/.test(hex)) throw new KeyError("BAD_KEY");
  let account: PrivateKeyAccount;
  try {
    account = privateKeyToAccount(hex as Hex);
  } catch {
    throw new KeyError("BAD_KEY");
  }
  const k = await encrypt(hex as Hex, pin);
  addKey(k);
  setSession({ mode: "local", address: account.address, privateKey: hex as Hex });
  return account.address;
}

/** Unlocks a stored key with its PIN for this browser session. */
export async function unlock(address: string, pin: string): Promise<Address> {
  const k = storedKeys().find((x) => x.address.toLowerCase() === address.toLowerCase());
  if (!k) throw new KeyError("BAD_KEY");
  const privateKey = await decrypt(k, pin);
  setSession({ mode: "local", address: k.address, privateKey });
  return k.address;
}

/** The backup file of a stored key: its encrypted form as JSON (useless without the PIN). */
export function exportBackup(address: string): { filename: string; json: string } {
  const k = storedKeys().find((x) => x.address.toLowerCase() === address.toLowerCase());
  if (!k) throw new KeyError("BAD_KEY");
  return { filename: `community-ledger-key-${k.address.slice(2, 10).toLowerCase()}.json`, json: JSON.stringify(k, null, 2) };
}

/** Imports a backup file; with the PIN it is checked and unlocked at once, without it only stored. */
export async function importBackup(json: string, pin?: string): Promise<Address> {
  let k: unknown;
  try {
    k = JSON.parse(json);
  } catch {
    throw new KeyError("BAD_BACKUP");
  }
  if (!isEncryptedKey(k)) throw new KeyError("BAD_BACKUP");
  const key = { ...k, address: getAddress(k.address) };
  if (pin) {
    const privateKey = await decrypt(key, pin);
    addKey(key);
    setSession({ mode: "local", address: key.address, privateKey });
  } else {
    addKey(key);
  }
  return key.address;
}

function injectedProvider(): EIP1193Provider | null {
  return ((window as unknown as { ethereum?: EIP1193Provider }).ethereum ?? null) as EIP1193Provider | null;
}

export function hasInjectedWallet(): boolean {
  return injectedProvider() !== null;
}

/** (c) Uses the browser's wallet (window.ethereum). */
export async function connectInjected(): Promise<Address> {
  const provider = injectedProvider();
  if (!provider) throw new KeyError("NO_WALLET");
  const wallet = createWalletClient({ transport: custom(provider) });
  let addresses: Address[];
  try {
    addresses = await wallet.requestAddresses();
  } catch {
    throw new KeyError("WALLET_REFUSED");
  }
  const first = addresses[0];
  if (!first) throw new KeyError("WALLET_REFUSED");
  setSession({ mode: "injected", address: first });
  return first;
}

// ── signing ────────────────────────────────────────────────────────────────────────────────

/** Signs EIP-712 typed data with the active key. Throws KeyError("LOCKED") when nobody is signed in. */
export async function signTypedData(typedData: TypedDataDefinition): Promise<Hex> {
  if (session === null) throw new KeyError("LOCKED");
  if (session.mode === "local") {
    if (!localAccount) throw new KeyError("LOCKED");
    return localAccount.signTypedData(typedData);
  }
  const provider = injectedProvider();
  if (!provider) throw new KeyError("NO_WALLET");
  const wallet = createWalletClient({ transport: custom(provider) });
  try {
    return await wallet.signTypedData({ ...typedData, account: session.address } as Parameters<typeof wallet.signTypedData>[0]);
  } catch {
    throw new KeyError("WALLET_REFUSED");
  }
}

/**
 * Signs a text message (EIP-191 personal_sign) with the active key: the Sign-In with Ethereum
 * message, which the page shows in full first. Throws KeyError("LOCKED") when nobody is signed in.
 */
export async function signMessage(message: string): Promise<Hex> {
  if (session === null) throw new KeyError("LOCKED");
  if (session.mode === "local") {
    if (!localAccount) throw new KeyError("LOCKED");
    return localAccount.signMessage({ message });
  }
  const provider = injectedProvider();
  if (!provider) throw new KeyError("NO_WALLET");
  const wallet = createWalletClient({ transport: custom(provider) });
  try {
    return await wallet.signMessage({ account: session.address, message });
  } catch {
    throw new KeyError("WALLET_REFUSED");
  }
}

/**
 * Checks an EIP-4361 (Sign-In with Ethereum) message and its signature, with viem's SIWE
 * support: the message must be in the standard form, name this server's domain and origin and
 * this ledger's chain id, be current, and be signed (EIP-191) by the address it names.
 * The nonce is only read here; whether it was issued and is unused is the session store's job.
 */
import { isAddressEqual, recoverMessageAddress, type Address, type Hex } from "viem";
import { createSiweMessage, parseSiweMessage, validateSiweMessage, type SiweMessage } from "viem/siwe";
import { ApiError } from "../errors";
import { CLOCK_SKEW_MS } from "./config";

export interface SiweExpectation {
  /** The origin the message must be for, e.g. "https://ledger.example.org". */
  origin: string;
  chainId: number;
  now: Date;
  /** The oldest issuedAt accepted, in ms before now (the nonce's lifetime). */
  maxAgeMs: number;
}

export interface VerifiedSignIn {
  /** lowercase */
  address: Address;
  nonce: string;
  expirationTime: Date | null;
}

const REQUIRED = ["address", "domain", "uri", "version", "chainId", "nonce", "issuedAt"] as const;

function parse(message: string): SiweMessage {
  const parsed = parseSiweMessage(message);
  const missing = REQUIRED.filter((k) => parsed[k] === undefined);
  if (missing.length > 0) throw new ApiError("SIWE_MESSAGE_INVALID", { missing });
  const fields = parsed as SiweMessage;
  for (const k of ["issuedAt", "expirationTime", "notBefore"] as const) {
    const d = fields[k];
    if (d !== undefined && Number.isNaN(d.getTime())) throw new ApiError("SIWE_MESSAGE_INVALID", { field: k, problem: "not an RFC 3339 date-time" });
  }
  // The signed text must be exactly the standard rendering of the fields checked below, so that
  // nothing signed is left unchecked (and nothing checked was absent from what was signed).
  let canonical: string;
  try {
    canonical = createSiweMessage(fields);
  } catch (err) {
    throw new ApiError("SIWE_MESSAGE_INVALID", { problem: (err as Error).message.split("\n")[0] }, err);
  }
  if (canonical !== message) throw new ApiError("SIWE_MESSAGE_INVALID", { problem: "not in the standard EIP-4361 form" });
  return fields;
}

/** Verifies a sign-in; throws ApiError with a stable code for each way it can be wrong. */
export async function verifySignIn(message: string, signature: Hex, expect: SiweExpectation): Promise<VerifiedSignIn> {
  const m = parse(message);
  const origin = new URL(expect.origin);
  const domain = origin.host;
  let uri: URL | null = null;
  try {
    uri = new URL(m.uri);
  } catch {
    uri = null;
  }
  if (m.domain !== domain || (m.scheme !== undefined && `${m.scheme}:` !== origin.protocol) || uri?.origin !== origin.origin) {
    throw new ApiError("SIWE_DOMAIN_MISMATCH", { expected: { domain, uri: origin.origin }, got: { domain: m.domain, uri: m.uri } });
  }
  if (m.chainId !== expect.chainId) throw new ApiError("SIWE_CHAIN_MISMATCH", { expected: expect.chainId, got: m.chainId });
  const now = expect.now.getTime();
  const issuedAt = m.issuedAt!.getTime();
  if (issuedAt > now + CLOCK_SKEW_MS || (m.notBefore && m.notBefore.getTime() > now + CLOCK_SKEW_MS)) {
    throw new ApiError("SIWE_MESSAGE_NOT_YET_VALID", { issuedAt: m.issuedAt, notBefore: m.notBefore ?? null, serverTime: expect.now });
  }
  if (issuedAt < now - expect.maxAgeMs - CLOCK_SKEW_MS || (m.expirationTime && m.expirationTime.getTime() <= now)) {
    throw new ApiError("SIWE_MESSAGE_EXPIRED", { issuedAt: m.issuedAt, expirationTime: m.expirationTime ?? null, serverTime: expect.now });
  }
  // viem's own checks of the same fields (version, nonce form, times, address), as a last gate.
  const skewed = new Date(Math.max(now, m.notBefore ? m.notBefore.getTime() : now));
  if (!validateSiweMessage({ message: m, domain, time: skewed })) {
    throw new ApiError("SIWE_MESSAGE_INVALID", { problem: "refused by validateSiweMessage" });
  }
  let signer: Address;
  try {
    signer = await recoverMessageAddress({ message, signature });
  } catch (err) {
    throw new ApiError("BAD_SIGNATURE", undefined, err);
  }
  if (!isAddressEqual(signer, m.address)) throw new ApiError("SIWE_SIGNATURE_MISMATCH", { address: m.address });
  return {
    address: m.address.toLowerCase() as Address,
    nonce: m.nonce,
    expirationTime: m.expirationTime ?? null,
  };
}
